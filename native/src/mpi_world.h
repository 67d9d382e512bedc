// mpi_world.h — the few MPI calls `reproduce` needs, as no-ops in the plain build.
// mpi_world.cpp is the only file compiled twice (with and without -DSDFC_WITH_MPI).
#pragma once

namespace sdfc::cli {

struct World {
  int rank = 0, size = 1;
};

World mpi_init(int* argc, char*** argv);  // MPI_Init when built with MPI
void mpi_finalize();
void mpi_barrier();
int mpi_max(int value);  // MPI_Allreduce(MAX) — e.g. the worst exit code over ranks
bool mpi_enabled();      // built with MPI?
const World& mpi_world();

}  // namespace sdfc::cli

// mpi_world.cpp — MPI for `sdfc_train_mpi` (SDFC_WITH_MPI) or single-process stand-ins.
#include "mpi_world.h"

#ifdef SDFC_WITH_MPI
#include <mpi.h>
#endif

namespace sdfc::cli {
namespace {
World g_world;
}

#ifdef SDFC_WITH_MPI
World mpi_init(int* argc, char*** argv) {
  int inited = 0;
  MPI_Initialized(&inited);
  if (!inited) MPI_Init(argc, argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_world.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_world.size);
  return g_world;
}
void mpi_finalize() {
  int fin = 0;
  MPI_Finalized(&fin);
  if (!fin) MPI_Finalize();
}
void mpi_barrier() { MPI_Barrier(MPI_COMM_WORLD); }
int mpi_max(int value) {
  int out = value;
  MPI_Allreduce(&value, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return out;
}
bool mpi_enabled() { return true; }
#else
World mpi_init(int*, char***) { return g_world; }
void mpi_finalize() {}
void mpi_barrier() {}
int mpi_max(int value) { return value; }
bool mpi_enabled() { return false; }
#endif

const World& mpi_world() { return g_world; }

}  // namespace sdfc::cli

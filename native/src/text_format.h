// text_format.h — how the CLI writes durations and command lines for people (tables, plans,
// run lists) and for shells (recorded commands, Slurm scripts).
#pragma once
#include <string>
#include <vector>

namespace sdfc::cli {

// "45 s", "19 min", "2.7 h"; "—" for a time that is not known (NaN, ±Inf).
std::string human_duration(double seconds);
// `s` as one POSIX shell word: unchanged when it has no special character, else in single
// quotes (an embedded ' written as '\'').
std::string shell_quote(const std::string& s);
// The words shell-quoted and joined with spaces.
std::string shell_join(const std::vector<std::string>& words);

}  // namespace sdfc::cli

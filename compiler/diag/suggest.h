// "Did you mean …?" for misspelt names: the closest candidate by edit distance.
#pragma once
#include <string>
#include <vector>

namespace carte::diag {

// Levenshtein distance between a and b.
size_t edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `word` if it is close enough to be a plausible typo (distance ≤ 1/3
// of the length, at least 1), else empty.
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

// "did you mean 'x'?" or empty.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace carte::diag

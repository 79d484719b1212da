// The one exception type of the host signing code: a message for the user, ready to print.
#pragma once
#include <stdexcept>
#include <string>

namespace carte::sign {

class SignError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace carte::sign

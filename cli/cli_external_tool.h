// Running the Debian tools that `carte build --format iso|usb` makes media with (xorriso, mtools,
// syslinux): a scratch directory that is always removed, a check that names the package of
// whatever is missing, and a run without a shell whose output comes back in the error.
#pragma once
#include <string>
#include <vector>

namespace carte::cli {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it when this goes.
class ScratchDir {
  public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    bool ok() const { return !path_.empty(); }
    const std::string& path() const { return path_; }
    // The path of `name` inside the directory.
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;  // empty if it could not be made
};

// Something a medium needs: a program (a bare name, looked up on PATH) or a file (an absolute
// path), and the Debian package that installs it.
struct ToolNeed {
    const char* what;
    const char* package;
};

// Empty when every need is met; otherwise one message naming what is missing and the packages
// to install ("xorriso not found; install Debian's xorriso (apt-get install xorriso)").
std::string missing_tools(const std::vector<ToolNeed>& needs);

// Runs argv[0] (searched on PATH) with argv: stdin /dev/null, stdout and stderr into a log in
// `scratch`, MTOOLS_SKIP_CHECK=1 added to the environment (mtools otherwise refuses image sizes
// that are not whole cylinders). True on exit status 0; otherwise false with *why naming the tool,
// its status and what it printed.
bool run_tool(const std::vector<std::string>& argv, const ScratchDir& scratch, std::string* why);

}  // namespace carte::cli

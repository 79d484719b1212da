// A scratch directory for a test's files, removed (with everything in it) when the test ends.
#pragma once
#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace carte::test {

class TempDir {
  public:
    explicit TempDir(const std::string& prefix = "carte-test") {
        std::string tmpl = "/tmp/" + prefix + "-XXXXXX";
        if (mkdtemp(tmpl.data())) path = tmpl;
    }
    ~TempDir() {
        if (!path.empty()) (void)std::system(("rm -rf '" + path + "'").c_str());
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    bool ok() const { return !path.empty(); }
    // The path of `name` inside the directory.
    std::string file(const std::string& name) const { return path + "/" + name; }
    // Writes `content` to `name`; returns its path.
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(file(name), std::ios::binary) << content;
        return file(name);
    }
    std::string uri(const std::string& name) const { return "file://" + file(name); }

    std::string path;  // empty if it could not be made
};

}  // namespace carte::test

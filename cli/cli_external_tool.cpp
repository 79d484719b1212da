#include "cli/cli_external_tool.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

extern char** environ;

namespace carte::cli {

namespace {

// Whether `name` is an executable file on PATH.
bool on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t at = 0;
    while (at <= dirs.size()) {
        size_t end = dirs.find(':', at);
        if (end == std::string::npos) end = dirs.size();
        std::string dir = dirs.substr(at, end - at);
        std::string full = (dir.empty() ? "." : dir) + "/" + name;
        struct stat st;
        if (stat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(full.c_str(), X_OK) == 0)
            return true;
        at = end + 1;
    }
    return false;
}

// The last non-empty lines of a tool's output: where xorriso and mtools say what went wrong.
std::string tail_lines(const std::string& text, size_t max_lines) {
    std::vector<std::string> lines;
    size_t at = 0;
    while (at < text.size()) {
        size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(at, end - at);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) lines.push_back(line);
        at = end + 1;
    }
    std::string out;
    for (size_t i = lines.size() > max_lines ? lines.size() - max_lines : 0; i < lines.size(); ++i)
        out += (out.empty() ? "" : "\n") + lines[i];
    return out;
}

}  // namespace

ScratchDir::ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/carte-media-XXXXXX";
    if (mkdtemp(tmpl.data())) path_ = tmpl;
}

ScratchDir::~ScratchDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string missing_tools(const std::vector<ToolNeed>& needs) {
    std::string missing, packages;
    for (const ToolNeed& need : needs) {
        bool found = need.what[0] == '/' ? access(need.what, R_OK) == 0 : on_path(need.what);
        if (found) continue;
        missing += (missing.empty() ? "" : ", ") + std::string(need.what);
        if ((" " + packages + " ").find(" " + std::string(need.package) + " ") == std::string::npos)
            packages += (packages.empty() ? "" : " ") + std::string(need.package);
    }
    if (missing.empty()) return "";
    return missing + " not found; install Debian's " + packages + " (apt-get install " + packages + ")";
}

bool run_tool(const std::vector<std::string>& argv, const ScratchDir& scratch, std::string* why) {
    const std::string log = scratch.file("tool.log");
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<char*> env;
    for (char** e = environ; e && *e; ++e)
        if (std::strncmp(*e, "MTOOLS_SKIP_CHECK=", 18) != 0) env.push_back(*e);
    std::string skip_check = "MTOOLS_SKIP_CHECK=1";
    env.push_back(skip_check.data());
    env.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    int err = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    if (err != 0) {
        *why = argv[0] + ": cannot run it: " + std::strerror(err);
        return false;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            *why = argv[0] + ": lost track of it: " + std::strerror(errno);
            return false;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
    std::ifstream in(log, std::ios::binary);
    std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string command;
    for (const std::string& a : argv) command += (command.empty() ? "" : " ") + a;
    *why = argv[0] + " failed (" +
           (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                              : "signal " + std::to_string(WIFSIGNALED(status) ? WTERMSIG(status) : 0)) +
           "): " + command;
    std::string said = tail_lines(output, 12);
    if (!said.empty()) *why += "\n" + said;
    return false;
}

}  // namespace carte::cli

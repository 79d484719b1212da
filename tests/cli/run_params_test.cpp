// `param`/`params` with `URI##params`: the request becomes a form POST carrying the list's fields,
// `param --header` entries are request headers, and the URI sent has no `##params` suffix.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "cli/cli_run.h"
#include "cli/commands.h"
#include "tests/support/cli_harness.h"
#include "tests/support/http_test_server.h"
#include "tests/support/run_capture.h"
#include "tests/support/temp_dir.h"

namespace carte::cli {
namespace {

class RunParams : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(tmp.ok());
        server.add_file("/boot.php", "#!ipxe\necho booted by the server\n");
        ASSERT_TRUE(server.start());
    }

    int run(const std::string& script, std::string* out, bool require_signed = false) {
        std::string path = dir + "/main.ipxe";
        test::write_text(path, "#!ipxe\n" + script);
        RunRequest r;
        r.input = path;
        r.plain = true;
        r.keys_given = true;
        if (require_signed) {
            test::CmdResult k =
                test::run_command(cmd_keygen, "keygen", {"-o", dir + "/k.pem", "--pub", dir + "/k.pub.pem"});
            EXPECT_EQ(k.status, 0) << k.all();
            r.require_signed = r.require_signed_scripts = true;
            r.trust.push_back(dir + "/k.pub.pem");
        }
        return test::run_captured(r, out);
    }

    test::TempDir tmp{"carte-run-params"};
    const std::string& dir = tmp.path;
    test::HttpTestServer server;
};

TEST_F(RunParams, ChainWithParamsPostsTheFormAndSendsHeaders) {
    std::string out;
    int status =
        run("params\n"
            "param mac 52:54:00:12:34:56\n"
            "param asset tag 42&more\n"
            "param --header X-Carte-Fleet rack-7\n"
            "chain " +
                server.url("/boot.php") + "##params\n",
            &out);
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("booted by the server"), std::string::npos) << out;
    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    const auto& r = requests[0];
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/boot.php");  // the ##params suffix is not sent
    EXPECT_EQ(r.headers.at("content-type"), "application/x-www-form-urlencoded");
    EXPECT_EQ(r.headers.at("x-carte-fleet"), "rack-7");
    EXPECT_EQ(r.body, "mac=52%3A54%3A00%3A12%3A34%3A56&asset=tag%2042%26more") << r.body;
}

TEST_F(RunParams, ANamedListIsUsedAndOthersAreNot) {
    std::string out;
    int status =
        run("params\n"
            "param unnamed yes\n"
            "params --name fleet\n"
            "param --params fleet site ams\n"
            "chain " +
                server.url("/boot.php") + "##params=fleet\n",
            &out);
    EXPECT_EQ(status, 0) << out;
    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].body, "site=ams");
}

TEST_F(RunParams, AnUnknownListFailsWithoutARequest) {
    std::string out;
    int status = run("chain " + server.url("/boot.php") + "##params=nosuch || echo chain failed\n", &out);
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("chain failed"), std::string::npos) << out;
    EXPECT_TRUE(server.requests().empty());
}

TEST_F(RunParams, TheSignatureOfAParamsDownloadIsFetchedWithoutTheSuffix) {
    std::string out;
    int status =
        run("params\nparam a b\nchain " + server.url("/boot.php") + "##params || echo refused\n", &out, true);
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("REFUSED (not-signed)"), std::string::npos) << out;
    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[1].target, "/boot.php.sig");
    EXPECT_EQ(requests[1].method, "GET");
}

TEST_F(RunParams, WithoutParamsItIsAPlainGet) {
    std::string out;
    EXPECT_EQ(run("chain " + server.url("/boot.php") + "\n", &out), 0) << out;
    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "GET");
    EXPECT_TRUE(requests[0].body.empty());
}

}  // namespace
}  // namespace carte::cli

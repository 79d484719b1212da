// Host test of the multiboot command-line rule (platform/pc/multiboot_cmdline.cpp): the image name
// is dropped for loaders that put it first, kept for GRUB 2, which passes only the arguments.
#include <gtest/gtest.h>

#include <string>

#include "platform/pc/multiboot_cmdline.h"

using carte::Str;
using carte::pc::multiboot_args;

namespace {

std::string args(const std::string& cmdline, const std::string& loader) {
    Str s = multiboot_args(Str(cmdline.data(), cmdline.size()), Str(loader.data(), loader.size()));
    return std::string(s.data(), s.size());
}

TEST(MultibootCmdline, QemuAndIpxePutTheImageNameFirst) {
    EXPECT_EQ(args("/tmp/carte.lkrn echo hi && poweroff", "qemu"), "echo hi && poweroff");
    EXPECT_EQ(args("carte.lkrn echo hi", "iPXE 1.0.0+git-20190125.36a4c85-5.1"), "echo hi");
    EXPECT_EQ(args("  carte.lkrn   echo hi", ""), "echo hi");
}

TEST(MultibootCmdline, Grub2PassesOnlyTheArguments) {
    EXPECT_EQ(args("echo hi && poweroff", "GRUB 2.06-13+deb12u2"), "echo hi && poweroff");
    EXPECT_EQ(args("echo hi", "GRUB 2.12"), "echo hi");
    EXPECT_EQ(args(" dhcp", "GRUB 3.0"), "dhcp");
}

TEST(MultibootCmdline, GrubLegacyAndLookAlikesStillDropTheName) {
    EXPECT_EQ(args("/boot/carte.lkrn echo hi", "GNU GRUB 0.97"), "echo hi");
    EXPECT_EQ(args("/boot/carte.lkrn echo hi", "GRUB 1.99"), "echo hi");
    EXPECT_EQ(args("/boot/carte.lkrn echo hi", "GRUB"), "echo hi");
    EXPECT_EQ(args("/boot/carte.lkrn echo hi", "GRUBBY 2"), "echo hi");
}

TEST(MultibootCmdline, NameAloneOrNothingGivesNoArguments) {
    EXPECT_EQ(args("carte.lkrn", "qemu"), "");
    EXPECT_EQ(args("carte.lkrn ", "qemu"), "");
    EXPECT_EQ(args("", "qemu"), "");
    EXPECT_EQ(args("", "GRUB 2.06"), "");
}

}  // namespace

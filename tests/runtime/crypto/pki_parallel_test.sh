#!/bin/sh
# Regression test for a race in the shared test PKI (tests/runtime/crypto/cms_test_pki.h): test
# processes that start together on an empty PKI directory must all see one consistent set of
# keys. Once, a process replaced the keys while another was between reading the root and
# signing, and a valid signature failed to verify (CI, CmsVerify.EveryByteFlipIsRefused).
set -u
tests=$1
command -v openssl >/dev/null || { echo "openssl missing"; exit 77; }
work=$(mktemp -d /tmp/carte-pki-race-XXXXXX)
trap 'rm -rf "$work"' EXIT
filter='CmsVerify.NetbootXyzRecipeRsaVerifies:CmsVerify.EveryByteFlipIsRefused:CmsVerify.IntermediateFromTheSignature'
pids=
for i in 1 2 3 4; do
  CARTE_TEST_PKI_DIR="$work/pki" "$tests" --gtest_filter="$filter" >"$work/run$i.log" 2>&1 &
  pids="$pids $!"
done
failed=0
i=0
for pid in $pids; do
  i=$((i + 1))
  # A renamed test would match nothing and pass: each process must have run all three.
  if ! wait "$pid" || ! grep -q '\[  PASSED  \] 3 tests' "$work/run$i.log"; then
    failed=1
    echo "process $i failed:"
    grep -E "Failure|FAILED|Expected|Actual|accepted" "$work/run$i.log" | head -20
  fi
done
[ "$failed" = 0 ] && echo "4 processes shared one fresh test PKI"
exit $failed

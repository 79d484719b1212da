// `${…}` expansion with iPXE's exact algorithm (src/core/settings.c, expand_settings()): find the
// first '}' that follows a `${`, take the last `${` before it, replace that innermost reference
// with the setting's formatted value, then rescan the whole string from the start. So nesting
// works (`${${n}}`), substituted values are expanded again, and there is no escape. An undefined
// setting, an unknown type or an unknown scope becomes the empty string; `${a` without a '}'
// and `$a` stay literal.
#pragma once
#include "runtime/settings/settings_store.h"

namespace carte {

struct ExpandLimits {
    uint32_t max_substitutions = 1000;  // a value that contains its own reference never ends
    size_t max_output = 64 * 1024;      // nor does one that doubles itself
};

// Appends the expansion of `text` to *out. Errc::range if a limit is hit (out is then unchanged).
Status expand_settings(const SettingsStore& store, Str text, String* out, const ExpandLimits& limits = {});

}  // namespace carte

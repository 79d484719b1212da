// Computed settings blocks: `builtin` (buildarch, platform, version, unixtime, errno, cwuri,
// cwduri) and `smbios` (uuid, manufacturer, product, serial, asset), both backed by the platform.
// The runtime owns one of each and registers them:
//     store.register_block("builtin", &builtins);  store.register_block("smbios", &smbios);
// and keeps `errno` and the working URI up to date as scripts run.
#pragma once
#include "runtime/platform/platform.h"
#include "runtime/settings/settings_store.h"
#include "runtime/uri/uri.h"

namespace carte {

class BuiltinSettings final : public SettingsProvider {
  public:
    BuiltinSettings(Platform* platform, Str version) : platform_(platform), version_(version) {}

    void set_errno(uint32_t value) { errno_ = value; }
    uint32_t last_errno() const { return errno_; }
    // The current working URI (`cwuri`); `cwduri` is its directory. Empty: none yet.
    Uri& working_uri() { return cwuri_; }
    const Uri& working_uri() const { return cwuri_; }

    Status fetch(const SettingRef& ref, Vec<uint8_t>* raw, SettingTypeId* type) override;
    Span<const Str> names() const override;

  private:
    Platform* platform_;
    Str version_;  // static text, e.g. "Carte 0.1.0"
    uint32_t errno_ = 0;
    Uri cwuri_;
};

class SmbiosSettings final : public SettingsProvider {
  public:
    explicit SmbiosSettings(Platform* platform) : platform_(platform) {}
    Status fetch(const SettingRef& ref, Vec<uint8_t>* raw, SettingTypeId* type) override;
    Span<const Str> names() const override;

  private:
    Platform* platform_;
};

}  // namespace carte

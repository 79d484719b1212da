// The UEFI declarations Carte uses, written from the UEFI 2.10 specification (chapters 4 System
// Table, 7 Boot Services, 8 Runtime Services, 9 Protocols — EFI Loaded Image and Device Path,
// 12 Console Support). Only what we call is declared; every table offset we depend on is pinned
// by a static_assert against the specification's layout. The build targets
// x86_64-unknown-windows, whose default calling convention *is* the UEFI one (Microsoft x64), so
// no EFIAPI annotation is needed; `long` is 32-bit there, so everything here uses <stdint.h> types.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace carte::efi {

using EfiStatus = uint64_t;  // EFI_STATUS: high bit set = error
using Handle = void*;
using Event = void*;
using Char16 = char16_t;
using PhysicalAddress = uint64_t;

constexpr EfiStatus kErrorBit = 0x8000000000000000ull;
constexpr EfiStatus kSuccess = 0;
constexpr EfiStatus err(uint64_t n) {
    return kErrorBit | n;
}
constexpr EfiStatus kLoadError = err(1), kInvalidParameter = err(2), kUnsupported = err(3),
                    kBadBufferSize = err(4), kBufferTooSmall = err(5), kNotReady = err(6),
                    kDeviceError = err(7), kWriteProtected = err(8), kOutOfResources = err(9),
                    kNotFound = err(14), kAccessDenied = err(15), kTimeout = err(18), kNotStarted = err(19),
                    kAlreadyStarted = err(20), kAborted = err(21), kSecurityViolation = err(26);
inline bool failed(EfiStatus s) {
    return (s & kErrorBit) != 0;
}

struct Guid {
    uint32_t d1;
    uint16_t d2, d3;
    uint8_t d4[8];
};
inline bool operator==(const Guid& a, const Guid& b) {
    if (a.d1 != b.d1 || a.d2 != b.d2 || a.d3 != b.d3) return false;
    for (int i = 0; i < 8; ++i)
        if (a.d4[i] != b.d4[i]) return false;
    return true;
}

struct TableHeader {
    uint64_t signature;
    uint32_t revision, header_size, crc32, reserved;
};

// --- Console (spec 12.3, 12.4) ---------------------------------------------------------------
struct InputKey {
    uint16_t scan_code;
    Char16 unicode_char;
};
struct SimpleTextInput {
    EfiStatus (*reset)(SimpleTextInput*, bool extended);
    EfiStatus (*read_key_stroke)(SimpleTextInput*, InputKey*);
    Event wait_for_key;
};
struct SimpleTextOutputMode {
    int32_t max_mode, mode, attribute, cursor_column, cursor_row;
    bool cursor_visible;
};
struct SimpleTextOutput {
    EfiStatus (*reset)(SimpleTextOutput*, bool extended);
    EfiStatus (*output_string)(SimpleTextOutput*, const Char16*);
    EfiStatus (*test_string)(SimpleTextOutput*, const Char16*);
    EfiStatus (*query_mode)(SimpleTextOutput*, uint64_t mode, uint64_t* columns, uint64_t* rows);
    EfiStatus (*set_mode)(SimpleTextOutput*, uint64_t mode);
    EfiStatus (*set_attribute)(SimpleTextOutput*, uint64_t attribute);
    EfiStatus (*clear_screen)(SimpleTextOutput*);
    EfiStatus (*set_cursor_position)(SimpleTextOutput*, uint64_t column, uint64_t row);
    EfiStatus (*enable_cursor)(SimpleTextOutput*, bool visible);
    SimpleTextOutputMode* mode;
};
static_assert(offsetof(SimpleTextOutput, mode) == 72);

// --- Memory (spec 7.2) -------------------------------------------------------------------------
enum AllocateType : uint32_t { kAllocateAnyPages = 0, kAllocateMaxAddress = 1, kAllocateAddress = 2 };
enum MemoryType : uint32_t {
    kLoaderCode = 1,
    kLoaderData = 2,
    kBootServicesData = 4,
    kConventionalMemory = 7,
};
struct MemoryDescriptor {
    uint32_t type;
    uint32_t pad;
    PhysicalAddress physical_start;
    uint64_t virtual_start;
    uint64_t number_of_pages;
    uint64_t attribute;
};

// --- Device paths (spec 10.2, 10.3) ------------------------------------------------------------
struct DevicePath {
    uint8_t type, sub_type;
    uint8_t length[2];
};
constexpr uint8_t kMediaDevicePath = 4, kEndDevicePath = 0x7f;
constexpr uint8_t kMediaVendorSubType = 3, kMediaFilePathSubType = 4, kEndEntireSubType = 0xff;

// --- Boot services (spec 4.4) ------------------------------------------------------------------
enum LocateSearchType : uint32_t { kAllHandles = 0, kByRegisterNotify = 1, kByProtocol = 2 };
enum InterfaceType : uint32_t { kNativeInterface = 0 };
constexpr uint32_t kOpenProtocolGetProtocol = 0x02, kOpenProtocolByDriver = 0x10,
                   kOpenProtocolExclusive = 0x20;

struct BootServices {
    TableHeader hdr;
    void* raise_tpl;
    void* restore_tpl;
    EfiStatus (*allocate_pages)(AllocateType, MemoryType, uint64_t pages, PhysicalAddress*);
    EfiStatus (*free_pages)(PhysicalAddress, uint64_t pages);
    EfiStatus (*get_memory_map)(uint64_t* size, MemoryDescriptor*, uint64_t* key, uint64_t* desc_size,
                                uint32_t* desc_version);
    EfiStatus (*allocate_pool)(MemoryType, uint64_t size, void** buffer);
    EfiStatus (*free_pool)(void*);
    void* create_event;
    void* set_timer;
    void* wait_for_event;
    void* signal_event;
    void* close_event;
    void* check_event;
    EfiStatus (*install_protocol_interface)(Handle*, const Guid*, InterfaceType, void*);
    void* reinstall_protocol_interface;
    EfiStatus (*uninstall_protocol_interface)(Handle, const Guid*, void*);
    EfiStatus (*handle_protocol)(Handle, const Guid*, void**);
    void* reserved;
    void* register_protocol_notify;
    void* locate_handle;
    EfiStatus (*locate_device_path)(const Guid*, DevicePath**, Handle*);
    void* install_configuration_table;
    EfiStatus (*load_image)(bool boot_policy, Handle parent, DevicePath*, void* source, uint64_t size,
                            Handle* image);
    EfiStatus (*start_image)(Handle image, uint64_t* exit_data_size, Char16** exit_data);
    EfiStatus (*exit)(Handle image, EfiStatus status, uint64_t exit_data_size, Char16* exit_data);
    EfiStatus (*unload_image)(Handle image);
    void* exit_boot_services;
    void* get_next_monotonic_count;
    EfiStatus (*stall)(uint64_t microseconds);
    EfiStatus (*set_watchdog_timer)(uint64_t timeout, uint64_t code, uint64_t size, Char16* data);
    EfiStatus (*connect_controller)(Handle controller, Handle* drivers, DevicePath* remaining,
                                    bool recursive);
    EfiStatus (*disconnect_controller)(Handle controller, Handle driver, Handle child);
    EfiStatus (*open_protocol)(Handle, const Guid*, void** interface, Handle agent, Handle controller,
                               uint32_t attributes);
    EfiStatus (*close_protocol)(Handle, const Guid*, Handle agent, Handle controller);
    void* open_protocol_information;
    void* protocols_per_handle;
    EfiStatus (*locate_handle_buffer)(LocateSearchType, const Guid*, void* search_key, uint64_t* count,
                                      Handle** buffer);
    EfiStatus (*locate_protocol)(const Guid*, void* registration, void** interface);
    EfiStatus (*install_multiple_protocol_interfaces)(Handle*, ...);
    EfiStatus (*uninstall_multiple_protocol_interfaces)(Handle, ...);
    void* calculate_crc32;
    void* copy_mem;
    void* set_mem;
    void* create_event_ex;
};
static_assert(offsetof(BootServices, allocate_pages) == 40);
static_assert(offsetof(BootServices, handle_protocol) == 152);
static_assert(offsetof(BootServices, load_image) == 200);
static_assert(offsetof(BootServices, stall) == 248);
static_assert(offsetof(BootServices, open_protocol) == 280);
static_assert(offsetof(BootServices, locate_handle_buffer) == 312);
static_assert(offsetof(BootServices, install_multiple_protocol_interfaces) == 328);
static_assert(sizeof(BootServices) == 376);

// --- Runtime services (spec 8) -----------------------------------------------------------------
struct Time {
    uint16_t year;
    uint8_t month, day, hour, minute, second, pad1;
    uint32_t nanosecond;
    int16_t time_zone;  // minutes from UTC, 2047: unspecified (local time)
    uint8_t daylight, pad2;
};
enum ResetType : uint32_t { kResetCold = 0, kResetWarm = 1, kResetShutdown = 2 };
struct RuntimeServices {
    TableHeader hdr;
    EfiStatus (*get_time)(Time*, void* capabilities);
    void* set_time;
    void* get_wakeup_time;
    void* set_wakeup_time;
    void* set_virtual_address_map;
    void* convert_pointer;
    EfiStatus (*get_variable)(const Char16* name, const Guid* vendor, uint32_t* attributes, uint64_t* size,
                              void* data);
    void* get_next_variable_name;
    void* set_variable;
    void* get_next_high_monotonic_count;
    void (*reset_system)(ResetType, EfiStatus, uint64_t data_size, void* data);
};
static_assert(offsetof(RuntimeServices, reset_system) == 104);

// --- System table (spec 4.3) -------------------------------------------------------------------
struct ConfigurationTable {
    Guid vendor_guid;
    void* vendor_table;
};
struct SystemTable {
    TableHeader hdr;
    Char16* firmware_vendor;
    uint32_t firmware_revision;
    Handle console_in_handle;
    SimpleTextInput* con_in;
    Handle console_out_handle;
    SimpleTextOutput* con_out;
    Handle standard_error_handle;
    SimpleTextOutput* std_err;
    RuntimeServices* runtime_services;
    BootServices* boot_services;
    uint64_t number_of_table_entries;
    ConfigurationTable* configuration_table;
};
static_assert(offsetof(SystemTable, con_out) == 64);
static_assert(offsetof(SystemTable, boot_services) == 96);
static_assert(offsetof(SystemTable, configuration_table) == 112);

// --- Loaded image (spec 9.1) -------------------------------------------------------------------
struct LoadedImage {
    uint32_t revision;
    Handle parent_handle;
    SystemTable* system_table;
    Handle device_handle;
    DevicePath* file_path;
    void* reserved;
    uint32_t load_options_size;
    void* load_options;
    void* image_base;
    uint64_t image_size;
    MemoryType image_code_type, image_data_type;
    EfiStatus (*unload)(Handle);
};
static_assert(offsetof(LoadedImage, load_options_size) == 48);
static_assert(offsetof(LoadedImage, image_base) == 64);

// --- Load File 2 (spec 13.2), for the Linux initrd ----------------------------------------------
struct LoadFile2 {
    EfiStatus (*load_file)(LoadFile2*, DevicePath* file_path, bool boot_policy, uint64_t* size, void* buffer);
};

// --- Random number generator (spec 37.5), an entropy source for TLS -------------------------------
struct RngProtocol {
    EfiStatus (*get_info)(RngProtocol*, uint64_t* list_size, Guid* list);
    EfiStatus (*get_rng)(RngProtocol*, const Guid* algorithm, uint64_t size,
                         uint8_t* value);  // nullptr: default
};

// --- File protocols (spec 13.4, 13.5) --------------------------------------------------------------
struct FileProtocol {
    uint64_t revision;
    EfiStatus (*open)(FileProtocol*, FileProtocol** out, const Char16* name, uint64_t mode,
                      uint64_t attributes);
    EfiStatus (*close)(FileProtocol*);
    EfiStatus (*remove)(FileProtocol*);
    EfiStatus (*read)(FileProtocol*, uint64_t* size, void* buffer);
    EfiStatus (*write)(FileProtocol*, uint64_t* size, void* buffer);
    EfiStatus (*get_position)(FileProtocol*, uint64_t* position);
    EfiStatus (*set_position)(FileProtocol*, uint64_t position);
    EfiStatus (*get_info)(FileProtocol*, const Guid* type, uint64_t* size, void* buffer);
    EfiStatus (*set_info)(FileProtocol*, const Guid* type, uint64_t size, void* buffer);
    EfiStatus (*flush)(FileProtocol*);
};
static_assert(offsetof(FileProtocol, flush) == 80);
struct SimpleFileSystem {
    uint64_t revision;
    EfiStatus (*open_volume)(SimpleFileSystem*, FileProtocol** root);
};
constexpr uint64_t kFileModeRead = 1, kFileModeWrite = 2, kFileModeCreate = 0x8000000000000000ull;
constexpr uint64_t kFileReadOnly = 0x01, kFileDirectory = 0x10;
// EFI_FILE_INFO: fixed part, then the NUL-terminated UCS-2 name.
struct FileInfo {
    uint64_t size, file_size, physical_size;
    Time create_time, last_access_time, modification_time;
    uint64_t attribute;
};
static_assert(sizeof(FileInfo) == 80);
// EFI_FILE_SYSTEM_INFO: fixed part, then the volume label.
struct FileSystemInfo {
    uint64_t size;
    bool read_only;
    uint64_t volume_size, free_space;
    uint32_t block_size;
};
static_assert(offsetof(FileSystemInfo, block_size) == 32);
constexpr size_t kFileSystemInfoLabelOffset = 36;

// --- GUIDs -------------------------------------------------------------------------------------
constexpr Guid kLoadedImageGuid = {
    0x5b1b31a1, 0x9562, 0x11d2, {0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b}};
constexpr Guid kDevicePathGuid = {
    0x09576e91, 0x6d3f, 0x11d2, {0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b}};
constexpr Guid kLoadFile2Guid = {
    0x4006c0c1, 0xfcb3, 0x403e, {0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d}};
// Linux's EFI stub asks a LoadFile2 on this vendor media device path for its initrd
// (drivers/firmware/efi/libstub/efi-stub-helper.c, efi_load_initrd_dev_path).
constexpr Guid kLinuxInitrdMediaGuid = {
    0x5568e427, 0x68fc, 0x4f3d, {0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68}};
constexpr Guid kSimpleFileSystemGuid = {
    0x964e5b22, 0x6459, 0x11d2, {0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b}};
constexpr Guid kFileInfoGuid = {0x09576e92, 0x6d3f, 0x11d2, {0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b}};
constexpr Guid kFileSystemInfoGuid = {
    0x09576e93, 0x6d3f, 0x11d2, {0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b}};
// The variable `TlsCaCertificate` (EFI_TLS_CA_CERTIFICATE_GUID, spec 28.10): the CAs of the
// firmware's own HTTPS boot, as EFI_SIGNATURE_LISTs.
constexpr Guid kTlsCaCertificateGuid = {
    0xfd2340d0, 0x3dab, 0x4349, {0xa6, 0xc7, 0x3b, 0x4f, 0x12, 0xb4, 0x8e, 0xae}};
constexpr Guid kRngProtocolGuid = {
    0x3152bca5, 0xeade, 0x433d, {0x86, 0x2e, 0xc0, 0x1c, 0xdc, 0x29, 0x1f, 0x44}};
constexpr Guid kSmbiosTableGuid = {
    0xeb9d2d31, 0x2d88, 0x11d3, {0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d}};
constexpr Guid kSmbios3TableGuid = {
    0xf2fd1544, 0x9794, 0x4a2c, {0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94}};

}  // namespace carte::efi

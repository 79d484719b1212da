// The image registry, as iPXE keeps it: downloaded images in registration order, each with a
// name (the basename of its URI path, or --name), the URI it came from, a command line, an
// optional autofree mark, and at most one selected image (what `boot` runs). Names may repeat;
// lookups take the first match, and an image that runs is moved to the end of the list.
#pragma once
#include "runtime/platform/platform.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte {

struct Image {
    String name;
    String uri;  // absolute URI text as fetched ("" for images made in memory)
    Vec<uint8_t> data;
    String cmdline;
    ImageKind kind = ImageKind::unknown;
    bool autofree = false;
    bool trusted = false;   // verified by imgverify (or the top-level program): runs under imgtrust
    bool embedded = false;  // the firmware's own top-level program, not fetched: no signature gate
};

// Detects what kind of image `data` holds (script, bytecode, bzImage, multiboot, else unknown).
ImageKind probe_image(Bytes data);
// iPXE's type name for imgstat ("script", "bzImage"…); empty for unknown images.
Str image_kind_name(ImageKind kind);
// The default image name for a URI: the last path segment (or of the opaque part), query and
// fragment ignored. Empty if there is none.
Str image_name_from_uri(Str uri);

class ImageRegistry {
  public:
    ImageRegistry() = default;
    ImageRegistry(const ImageRegistry&) = delete;
    ImageRegistry& operator=(const ImageRegistry&) = delete;
    ~ImageRegistry() { clear(); }

    // Creates an image (owned by the registry once registered).
    static Image* create() { return make<Image>(); }
    // Registers at the end of the list; an empty name becomes "imgN". Probes the kind.
    Status add(Image* image);
    // First image with this name, or nullptr.
    Image* find(Str name) const;
    // Unregisters without destroying (a running image is off the list, as in iPXE).
    void detach(Image* image);
    // Unregisters and destroys.
    void remove(Image* image);
    void clear();

    // `imgtrust` (iPXE's image_set_trust): once required, executing an untrusted image fails.
    // A permanent setting cannot be changed again; trying gives EACCES.
    Status set_trust(bool require_trusted, bool permanent);
    bool require_trusted() const { return require_trusted_; }

    Image* selected() const { return selected_; }
    void select(Image* image) { selected_ = image; }
    Span<Image* const> list() const { return images_.span(); }
    size_t size() const { return images_.size(); }

    // One `imgstat` line without the newline: `name : N bytes [type] [SELECTED] [AUTOFREE] "cmdline"`.
    [[nodiscard]] bool describe(const Image& image, String* out) const;

  private:
    Vec<Image*> images_;
    Image* selected_ = nullptr;
    uint32_t next_index_ = 0;
    bool require_trusted_ = false;
    bool trust_permanent_ = false;
};

}  // namespace carte

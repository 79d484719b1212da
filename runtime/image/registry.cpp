#include "runtime/image/registry.h"

#include "runtime/bytecode/module.h"
#include "runtime/image/bzimage.h"
#include "runtime/image/multiboot.h"

namespace carte {

namespace {

bool is_space(uint8_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool looks_like_script(Bytes d) {
    if (d.size() < 7 || !is_space(d[6])) return false;
    Str head(reinterpret_cast<const char*>(d.data()), 6);
    return head == "#!ipxe" || head == "#!gpxe";
}

}  // namespace

ImageKind probe_image(Bytes data) {
    if (looks_like_script(data)) return ImageKind::script;
    if (bc::looks_like_module(data)) return ImageKind::bytecode;
    if (image::find_multiboot_header(data) >= 0) return ImageKind::multiboot;
    if (parse_bzimage(data).ok()) return ImageKind::bzimage;
    if (data.size() >= 2 && data[0] == 'M' && data[1] == 'Z') return ImageKind::efi;
    return ImageKind::unknown;
}

Str image_kind_name(ImageKind kind) {
    switch (kind) {
        case ImageKind::script:
            return "script";
        case ImageKind::bytecode:
            return "cbm";
        case ImageKind::bzimage:
            return "bzImage";
        case ImageKind::multiboot:
            return "Multiboot";
        case ImageKind::efi:
            return "EFI";
        case ImageKind::pxe:
            return "PXE-NBP";
        case ImageKind::unknown:
            break;
    }
    return "";
}

Str image_name_from_uri(Str uri) {
    // Cut the fragment and query, then take what follows the last '/' (or the scheme's ':').
    size_t end = uri.find('#');
    if (end != Str::npos) uri = uri.substr(0, end);
    end = uri.find('?');
    if (end != Str::npos) uri = uri.substr(0, end);
    size_t slash = uri.rfind('/');
    if (slash != Str::npos) return uri.drop(slash + 1);
    size_t colon = uri.find(':');
    return colon == Str::npos ? uri : uri.drop(colon + 1);
}

Status ImageRegistry::add(Image* image) {
    if (image->name.empty()) {
        String n = String::copy("img");
        if (!n.append_u64(next_index_)) return Errc::nomem;
        image->name = carte::move(n);
    }
    ++next_index_;
    image->kind = probe_image(image->data.span());
    if (!images_.push(image)) return Errc::nomem;
    return {};
}

Status ImageRegistry::set_trust(bool require_trusted, bool permanent) {
    if (!trust_permanent_) {
        require_trusted_ = require_trusted;
        trust_permanent_ = permanent;
    }
    if (require_trusted_ != require_trusted)
        return Error(Errc::access, "image trust requirement is permanent");
    return {};
}

Image* ImageRegistry::find(Str name) const {
    for (Image* i : images_)
        if (i->name == name) return i;
    return nullptr;
}

void ImageRegistry::detach(Image* image) {
    for (size_t k = 0; k < images_.size(); ++k) {
        if (images_[k] == image) {
            images_.erase(k);
            break;
        }
    }
    if (selected_ == image) selected_ = nullptr;
}

void ImageRegistry::remove(Image* image) {
    detach(image);
    destroy(image);
}

void ImageRegistry::clear() {
    for (Image* i : images_) destroy(i);
    images_.clear();
    selected_ = nullptr;
}

bool ImageRegistry::describe(const Image& image, String* out) const {
    bool ok = out->append(image.name) && out->append(" : ") && out->append_u64(image.data.size()) &&
              out->append(" bytes");
    Str kind = image_kind_name(image.kind);
    if (!kind.empty()) ok = ok && out->append(" [") && out->append(kind) && out->append("]");
    if (selected_ == &image) ok = ok && out->append(" [SELECTED]");
    if (image.autofree) ok = ok && out->append(" [AUTOFREE]");
    if (!image.cmdline.empty())
        ok = ok && out->append(" \"") && out->append(image.cmdline) && out->append("\"");
    return ok;
}

}  // namespace carte

#include "runtime/crypto/x509_names.h"

#include "runtime/crypto/der.h"

namespace carte::crypto {

bool certificate_names_ipv4(const Certificate& cert, const uint8_t address[4], Str dotted) {
    auto same_text = [&](Bytes b) {
        return b.size() == dotted.size() && Str(reinterpret_cast<const char*>(b.data()), b.size()) == dotted;
    };
    if (!cert.subject_alt_names.empty()) {
        der::Reader outer(cert.subject_alt_names);
        auto names = outer.enter(der::kSequence);
        if (!names) return false;
        while (!names->at_end()) {
            auto item = names->next();
            if (!item) return false;
            if (item->tag == der::context_primitive(7) && item->value.size() == 4 &&
                item->value[0] == address[0] && item->value[1] == address[1] &&
                item->value[2] == address[2] && item->value[3] == address[3])
                return true;
            if (item->tag == der::context_primitive(2) && same_text(item->value)) return true;
        }
    }
    Str cn = cert.common_name;
    return cn.size() == dotted.size() && cn == dotted;
}

}  // namespace carte::crypto

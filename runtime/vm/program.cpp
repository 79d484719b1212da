#include "runtime/vm/program.h"

#include "runtime/image/registry.h"
#include "runtime/script/translator.h"

namespace carte {

Result<Vec<uint8_t>> translate_ipxe_script(Str text, Str name, String* why) {
    return script::translate_script(text, name, script::ScriptOptions(), why);
}

Result<Program*> load_program(Bytes data, Str name, ScriptTranslator translate, String* why) {
    ImageKind kind = probe_image(data);
    Program* p = make<Program>();
    if (!p) return Errc::nomem;
    if (kind == ImageKind::bytecode) {
        if (!p->bytes.reserve(data.size())) {
            destroy(p);
            return Errc::nomem;
        }
        for (uint8_t b : data) (void)p->bytes.push(b);
    } else if (kind == ImageKind::script && translate) {
        auto bytes = translate(Str(reinterpret_cast<const char*>(data.data()), data.size()), name, why);
        if (!bytes) {
            destroy(p);
            return bytes.error();
        }
        p->bytes = bytes.take();
    } else {
        destroy(p);
        if (why)
            (void)why->append(kind == ImageKind::script ? Str("no script translator")
                                                        : Str("not a script or bytecode"));
        return Error(Errc::noexec, "not an executable script");
    }
    auto module = bc::load_module(p->bytes.span(), why);
    if (!module) {
        destroy(p);
        return module.error();
    }
    p->module = module.take();
    return p;
}

}  // namespace carte

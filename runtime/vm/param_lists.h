// Request-parameter lists for `params`/`param` (used by `chain http://…##params` to send form
// fields or headers). Named lists of (key, value, header?) entries; "" names the default list.
#pragma once
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte {

struct Param {
    String key, value;
    bool header = false;
};

struct ParamList {
    String name;
    Vec<Param> params;
};

class ParamLists {
  public:
    ParamLists() = default;
    ParamLists(const ParamLists&) = delete;
    ParamLists& operator=(const ParamLists&) = delete;
    ~ParamLists() {
        for (ParamList* l : lists_) destroy(l);
    }
    ParamList* find(Str name) const {
        for (ParamList* l : lists_)
            if (l->name == name) return l;
        return nullptr;
    }
    // Creates (replacing any list of the same name).
    ParamList* create(Str name) {
        remove(name);
        ParamList* l = make<ParamList>();
        if (!l) return nullptr;
        l->name = String::copy(name);
        if (!lists_.push(l)) return destroy(l), nullptr;
        return l;
    }
    bool remove(Str name) {
        for (size_t i = 0; i < lists_.size(); ++i) {
            if (lists_[i]->name == name) {
                destroy(lists_[i]);
                lists_.erase(i);
                return true;
            }
        }
        return false;
    }

  private:
    Vec<ParamList*> lists_;
};

}  // namespace carte

#include <algorithm>

#include "insightos/json.h"

namespace insightos {

const std::string& JsonValue::empty_text() {
  static const std::string* kEmpty = new std::string();
  return *kEmpty;
}

JsonValue JsonValue::Bool(bool b) {
  JsonValue v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  return v;
}

JsonValue JsonValue::Number(double d) {
  JsonValue v;
  v.kind_ = Kind::kNumber;
  v.number_ = d;
  return v;
}

JsonValue JsonValue::String(std::string s) {
  JsonValue v;
  v.kind_ = Kind::kString;
  v.text_ = std::move(s);
  return v;
}

JsonValue JsonValue::Array() {
  JsonValue v;
  v.kind_ = Kind::kArray;
  return v;
}

JsonValue JsonValue::Object() {
  JsonValue v;
  v.kind_ = Kind::kObject;
  return v;
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  for (std::size_t i = keys_.size(); i-- > 0;) {
    if (keys_[i] == key) return &items_[i];
  }
  return nullptr;
}

JsonValue* JsonValue::FindMutable(std::string_view key) {
  return const_cast<JsonValue*>(static_cast<const JsonValue&>(*this).Find(key));
}

void JsonValue::Append(JsonValue v) { items_.push_back(std::move(v)); }

JsonValue& JsonValue::Set(std::string key, JsonValue v) {
  std::size_t keep = keys_.size();
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) {
      keep = i;
      break;
    }
  }
  if (keep == keys_.size()) {
    keys_.push_back(std::move(key));
    items_.push_back(std::move(v));
    return items_.back();
  }
  // Drop later duplicates so exactly one member carries the key.
  for (std::size_t i = keys_.size(); i-- > keep + 1;) {
    if (keys_[i] == keys_[keep]) {
      keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(i));
      items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  items_[keep] = std::move(v);
  return items_[keep];
}

namespace {

// Indices of the members that a lookup can see: the last one of each key.
std::vector<std::size_t> EffectiveMembers(const JsonValue& v) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    bool shadowed = false;
    for (std::size_t j = i + 1; j < v.size() && !shadowed; ++j) shadowed = v.key(j) == v.key(i);
    if (!shadowed) out.push_back(i);
  }
  return out;
}

}  // namespace

bool operator==(const JsonValue& a, const JsonValue& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case JsonValue::Kind::kNull: return true;
    case JsonValue::Kind::kBool: return a.bool_ == b.bool_;
    case JsonValue::Kind::kNumber: return a.number_ == b.number_;
    case JsonValue::Kind::kString: return a.text_ == b.text_;
    case JsonValue::Kind::kArray: return a.items_ == b.items_;
    case JsonValue::Kind::kObject: {
      std::vector<std::size_t> ma = EffectiveMembers(a);
      std::vector<std::size_t> mb = EffectiveMembers(b);
      if (ma.size() != mb.size()) return false;
      return std::all_of(ma.begin(), ma.end(), [&](std::size_t i) {
        const JsonValue* other = b.Find(a.keys_[i]);
        return other != nullptr && *other == a.items_[i];
      });
    }
  }
  return false;
}

const char* JsonKindName(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::kNull: return "null";
    case JsonValue::Kind::kBool: return "a boolean";
    case JsonValue::Kind::kNumber: return "a number";
    case JsonValue::Kind::kString: return "a string";
    case JsonValue::Kind::kArray: return "an array";
    case JsonValue::Kind::kObject: return "an object";
  }
  return "a value";
}

std::size_t JsonDepth(const JsonValue& v) {
  if (!v.is_array() && !v.is_object()) return 0;
  std::size_t deepest = 0;
  for (const JsonValue& child : v.elements()) deepest = std::max(deepest, JsonDepth(child));
  return deepest + 1;
}

}  // namespace insightos

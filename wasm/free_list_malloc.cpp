// malloc and free for the browser build, in place of Emscripten's emmalloc (-sMALLOC=none).
//
// Why: emmalloc (malloc, free, its bucket search and sbrk) was about 1.8 KB of the module's
// code, more than the rest of what the tracker's size bar (SPEC §12 P4) could spare. The
// core's use is simple: each export parses one document, builds a result and frees
// everything before it returns (only the last result string stays until the next call).
//
// How: segregated free lists by power-of-two block size, 16 bytes to 1 GiB. A block is an
// 8-byte header holding its size class, then the caller's bytes (8-byte aligned, as
// max_align_t and operator new require in wasm32). malloc pops the list of its class or
// carves a new block from the end of the heap, growing linear memory when needed; free
// pushes the block back on its list. Blocks are never split or merged, so memory is reused
// but never returned (WebAssembly memory cannot shrink anyway): the heap holds at most, per
// class, the most blocks of that class ever live at once, and a block is at most twice
// what was asked. No threads in this build, so no locking.
#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" unsigned char __heap_base;  // the first byte after static data and stack (wasm-ld)

namespace {

constexpr std::size_t kHeaderBytes = 8;
constexpr unsigned kMinClass = 4;   // 16-byte blocks
constexpr unsigned kMaxClass = 30;  // 1 GiB blocks
constexpr std::size_t kPageBytes = 65536;

void* free_lists[kMaxClass + 1];  // by class: the first free block's header, or null
std::uintptr_t heap_end;          // 0 until the first block

// bytes more of heap (a multiple of 16, so blocks stay aligned); null if memory cannot grow.
unsigned char* Carve(std::size_t bytes) {
  if (heap_end == 0) heap_end = reinterpret_cast<std::uintptr_t>(&__heap_base);
  const std::uintptr_t start = heap_end;
  const std::uintptr_t end = start + bytes;
  if (end < start) return nullptr;
  const std::size_t have = __builtin_wasm_memory_size(0) * kPageBytes;
  if (end > have && __builtin_wasm_memory_grow(0, (end - have + kPageBytes - 1) / kPageBytes) == SIZE_MAX) {
    return nullptr;
  }
  heap_end = end;
  return reinterpret_cast<unsigned char*>(start);
}

}  // namespace

extern "C" {

void* malloc(std::size_t size) {
  if (size > (std::size_t{1} << kMaxClass) - kHeaderBytes) return nullptr;
  unsigned size_class = kMinClass;
  while ((std::size_t{1} << size_class) < size + kHeaderBytes) ++size_class;
  unsigned char* block = static_cast<unsigned char*>(free_lists[size_class]);
  if (block != nullptr) {
    // A free block keeps the next free block's address where the caller's bytes go.
    std::memcpy(&free_lists[size_class], block + kHeaderBytes, sizeof(void*));
  } else {
    block = Carve(std::size_t{1} << size_class);
    if (block == nullptr) return nullptr;
    std::memcpy(block, &size_class, sizeof size_class);
  }
  return block + kHeaderBytes;
}

void free(void* pointer) {
  if (pointer == nullptr) return;
  unsigned char* block = static_cast<unsigned char*>(pointer) - kHeaderBytes;
  unsigned size_class;
  std::memcpy(&size_class, block, sizeof size_class);
  std::memcpy(block + kHeaderBytes, &free_lists[size_class], sizeof(void*));
  free_lists[size_class] = block;
}

}  // extern "C"

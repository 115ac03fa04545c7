# Warning sets applied per target, so third-party headers stay quiet.
function(insightos_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wpedantic)
endfunction()

# The portable core is held to a stricter standard: it ships to the browser too.
function(insightos_core_warnings target)
  insightos_warnings(${target})
  target_compile_options(${target} PRIVATE -Wconversion -Wsign-conversion -Wold-style-cast)
endfunction()

# av_target_warnings(<target>): the project's warning set, errors in CI.
function(av_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wformat=2
    $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes -Wmissing-prototypes>)
  if(AV_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

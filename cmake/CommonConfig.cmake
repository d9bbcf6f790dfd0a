# One INTERFACE target carries the language level, warnings and Qt defines for
# every Causeway target, so no target sets its own flags.
add_library(causeway_common INTERFACE)
target_compile_features(causeway_common INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(causeway_common INTERFACE -Wall -Wextra -Wpedantic)
if(CAUSEWAY_WERROR)
    target_compile_options(causeway_common INTERFACE -Werror)
endif()
target_compile_definitions(causeway_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)

# Fails the configure step when a target reaches a GUI module through any of
# its link dependencies. The engine must stay usable headless.
function(causeway_forbid_gui_modules target)
    set(pending ${target})
    set(seen "")
    while(pending)
        list(POP_FRONT pending current)
        if(current IN_LIST seen)
            continue()
        endif()
        list(APPEND seen ${current})
        if(current MATCHES "^Qt6?::(Gui|Widgets|Charts|OpenGL|OpenGLWidgets|Quick)$")
            message(FATAL_ERROR "${target} links ${current}; the engine may use Qt Core and non-GUI modules only")
        endif()
        if(TARGET ${current})
            get_target_property(aliased ${current} ALIASED_TARGET)
            if(aliased)
                list(APPEND pending ${aliased})
            endif()
            foreach(property LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
                get_target_property(deps ${current} ${property})
                if(deps)
                    foreach(dep ${deps})
                        string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" dep "${dep}")
                        if(NOT dep MATCHES "^\\$<")
                            list(APPEND pending ${dep})
                        endif()
                    endforeach()
                endif()
            endforeach()
        endif()
    endwhile()
endfunction()

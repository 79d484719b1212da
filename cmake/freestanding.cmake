# Flags that compile the portable runtime the way the ROM does: no hosted headers or libraries.
# Used by the freestanding check below and by platform/pc.
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=include OUTPUT_VARIABLE CARTE_GCC_INCLUDE
                OUTPUT_STRIP_TRAILING_WHITESPACE)
# Inline copies and fills of unknown size as rep movsq/stosq plus a short tail: at -Os GCC uses
# rep movsb, which QEMU's TCG runs as one translated block per byte (an image append moved every
# downloaded byte that way). For all firmware code: the runtime here, platform/pc too.
set(CARTE_COPY_STRATEGY_FLAGS -mstringop-strategy=rep_8byte)
set(CARTE_FREESTANDING_CXX_FLAGS
    -std=c++20 -ffreestanding -fno-exceptions -fno-rtti -nostdlib -nostdinc -fno-threadsafe-statics
    -fno-use-cxa-atexit -fno-stack-protector -fno-asynchronous-unwind-tables -mno-red-zone -fno-pie
    -mcmodel=small -Wall -Wextra
    # One section per function/object so the ROM's --gc-sections drops what nothing references.
    -ffunction-sections -fdata-sections
    ${CARTE_COPY_STRATEGY_FLAGS}
    -isystem ${CMAKE_SOURCE_DIR}/runtime/rt/freestanding/include -isystem ${CARTE_GCC_INCLUDE})

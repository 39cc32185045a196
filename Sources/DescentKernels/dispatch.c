// Chooses the kernel set once, when the library loads: the highest instruction-set level that both
// the CPU and the operating system (saved vector state, checked by __builtin_cpu_supports) support,
// or the one named by the environment variable DESCENT_KERNELS ("generic", "x86-64-v3", "x86-64-v4")
// when this CPU runs it (to compare sets in one binary; an unknown or unsupported name is ignored).
#include <stdlib.h>
#include <string.h>
#include "kernels_config.h"

extern const descent_kernel_table descent_kernels_table_generic;
#if defined(__x86_64__)
extern const descent_kernel_table descent_kernels_table_v3;
extern const descent_kernel_table descent_kernels_table_v4;
#endif

int descent_kernels_supported(descent_kernel_set set) {
    switch (set) {
    case DESCENT_KERNELS_GENERIC: return 1;
#if defined(__x86_64__)
    case DESCENT_KERNELS_X86_64_V3:
        __builtin_cpu_init();
        return __builtin_cpu_supports("x86-64-v3") ? 1 : 0;
    case DESCENT_KERNELS_X86_64_V4:
        __builtin_cpu_init();
        return __builtin_cpu_supports("x86-64-v4") ? 1 : 0;
#endif
    default: return 0;
    }
}

const descent_kernel_table *descent_kernels_table(descent_kernel_set set) {
    switch (set) {
    case DESCENT_KERNELS_GENERIC: return &descent_kernels_table_generic;
#if defined(__x86_64__)
    case DESCENT_KERNELS_X86_64_V3: return &descent_kernels_table_v3;
    case DESCENT_KERNELS_X86_64_V4: return &descent_kernels_table_v4;
#endif
    default: return NULL;
    }
}

static const descent_kernel_table *best_supported(void) {
    for (int set = DESCENT_KERNEL_SET_COUNT - 1; set > 0; set--) {
        if (descent_kernels_supported((descent_kernel_set)set) && descent_kernels_table((descent_kernel_set)set))
            return descent_kernels_table((descent_kernel_set)set);
    }
    return &descent_kernels_table_generic;
}

static const descent_kernel_table *active_table = &descent_kernels_table_generic;

/// Runs when the library loads, before any Swift code: the table never changes afterwards, so
/// reading it needs no synchronization.
__attribute__((constructor)) static void descent_kernels_choose(void) {
    const char *requested = getenv("DESCENT_KERNELS");
    active_table = best_supported();
    if (!requested || !*requested) return;
    for (int set = 0; set < DESCENT_KERNEL_SET_COUNT; set++) {
        const descent_kernel_table *table = descent_kernels_table((descent_kernel_set)set);
        if (table && descent_kernels_supported((descent_kernel_set)set) && strcmp(table->name, requested) == 0) {
            active_table = table;
        }
    }
}

const descent_kernel_table *descent_kernels_active(void) { return active_table; }

/* jit_events.c — where the JIT's events go for people and tools:
 *   --log=FILE   one line per event (trace compiled, recording aborted,
 *                trace dropped, cache flushed), stamped with the seconds
 *                since the JIT started;
 *   --perf-map   /tmp/perf-PID.map, the file perf reads to name code it
 *                finds no symbols for: one line per compiled trace. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jit_int.h"

bool jit_events_open(JitHooks *J, char *err, size_t errlen)
{
    J->t_start = jit_now();
    if (J->p.log_path != NULL) {
        J->log = fopen(J->p.log_path, "w");
        if (J->log == NULL) {
            snprintf(err, errlen, "cannot open log file '%s'", J->p.log_path);
            return false;
        }
    }
    if (J->p.perf_map) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/perf-%ld.map", (long)getpid());
        J->perf_map = fopen(path, "w");
        if (J->perf_map == NULL) {
            snprintf(err, errlen, "cannot open '%s' for --perf-map", path);
            if (J->log != NULL)
                fclose(J->log);
            return false;
        }
    }
    return true;
}

void jit_events_close(JitHooks *J)
{
    if (J->log != NULL)
        fclose(J->log);
    if (J->perf_map != NULL)
        fclose(J->perf_map);
    J->log = J->perf_map = NULL;
}

int jit_line(const Proto *p, const Instr *pc)
{
    long i = pc - p->code;
    return i >= 0 && i < p->ncode ? p->lineinfo[i] : -1;
}

/* "file:line" of bytecode pc of p. */
static void where(char *buf, size_t n, const Proto *p, const Instr *pc)
{
    snprintf(buf, n, "%s:%d", p->source->data, jit_line(p, pc));
}

void jit_event(JitHooks *J, const char *event, const Proto *p, const Instr *pc,
               const char *fmt, ...)
{
    if (J->log == NULL)
        return;
    char at[256];
    where(at, sizeof at, p, pc);
    fprintf(J->log, "%.6f %s %s", jit_now() - J->t_start, event, at);
    if (fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        fputc(' ', J->log);
        vfprintf(J->log, fmt, ap);
        va_end(ap);
    }
    fputc('\n', J->log);
    fflush(J->log);   /* a crash or os.exit must not lose what led to it */
}

void jit_perf_map_add(JitHooks *J, const AsmCode *code, uint64_t number, const Proto *p,
                      const Instr *pc)
{
    if (J->perf_map == NULL)
        return;
    char at[256];
    where(at, sizeof at, p, pc);
    fprintf(J->perf_map, "%llx %zx mtvm-trace-%llu@%s\n",
            (unsigned long long)(uintptr_t)code->fn, code->size, (unsigned long long)number,
            at);
    fflush(J->perf_map);
}

/* frame_shift.c — see frame_shift.h. */
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "frame_shift.h"
#include "func.h"

CallInfo *frame_shift(State *S, uint32_t down, const SnapFrame *frames, uint32_t nframes)
{
    CallInfo *ci = S->ci;
    TValue *base = ci->func + 1;
    ci -= down;
    for (uint32_t f = 0; f < nframes; f++) {
        const SnapFrame *sf = &frames[f];
        ci->savedpc = sf->retpc;
        ci = ci + 1;
        ci->func = base + sf->base - 1;
        ci->top = base + sf->base + ((const Closure *)sf->closure)->p->maxstack;
        ci->nresults = sf->nresults;
        ci->nextra = 0;
        ci->callstatus = 0;
        call_note_top(S, ci->top);
    }
    S->ci = ci;
    return ci;
}

void frame_shift_end(State *S, const FrameShift *fs)
{
    CallInfo *ci = frame_shift(S, fs->down, fs->frames, fs->nframes);
    S->top = ci->top;
}

FrameShift *frame_shift_new(uint32_t down, const SnapFrame *frames, uint32_t nframes)
{
    FrameShift *fs = malloc(sizeof *fs + nframes * sizeof(SnapFrame));
    if (fs == NULL)
        return NULL;
    fs->down = down;
    fs->nframes = nframes;
    if (nframes)
        memcpy(fs->frames, frames, nframes * sizeof(SnapFrame));
    return fs;
}

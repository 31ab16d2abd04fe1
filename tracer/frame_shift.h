/* frame_shift.h — making the interpreter's frames (CallInfos) what a trace
 * reached: at an exit, and at the end of a trace that ends in another frame
 * than the one it started in.
 *
 * While a trace runs, S->ci is its base frame and the trace keeps every
 * other frame change to itself: frames it returned from below its base
 * (`down` of them) and inlined calls (SnapFrame, bases relative to the base
 * frame's). Where it leaves, those changes are made real: pop `down`
 * frames, then push the inlined ones, each caller resuming after its
 * call. */
#ifndef MT_FRAME_SHIFT_H
#define MT_FRAME_SHIFT_H

#include "ir.h"
#include "state.h"

/* The frame change at the end of a trace, kept with the trace (the trace's
 * code passes it to frame_shift_end). */
typedef struct FrameShift {
    uint32_t down, nframes;
    SnapFrame frames[];
} FrameShift;

/* Pops `down` frames below S->ci, pushes `frames`, and returns the new
 * S->ci (its savedpc is the caller's to set). The caller has made sure
 * there is room. */
CallInfo *frame_shift(State *S, uint32_t down, const SnapFrame *frames, uint32_t nframes);

/* The helper a trace's code calls at its end (a CALLS): frame_shift, and
 * S->top at the new frame's top. */
void frame_shift_end(State *S, const FrameShift *fs);

/* A FrameShift of these frames (malloc'd; NULL when out of memory). */
FrameShift *frame_shift_new(uint32_t down, const SnapFrame *frames, uint32_t nframes);

#endif

/* handler_frame.h — the control macros of handlers.h that every includer
 * means the same way: operands decoded from the instruction in `insn`, pc
 * moves, and the frame accessors on the State `S`, the CallInfo `ci` and
 * the pc `pc` in scope. Each includer defines the rest itself (NEXT,
 * CLOSURE_SELF, GC_SAFEPOINT, HOT_BACKEDGE, the call macros, ...). */
#ifndef MT_HANDLER_FRAME_H
#define MT_HANDLER_FRAME_H

#define ARG_A GET_A(insn)
#define ARG_B GET_B(insn)
#define ARG_C GET_C(insn)
#define ARG_Bx GET_Bx(insn)
#define ARG_sBx GET_sBx(insn)
#define ARG_sJ GET_sJ(insn)

#define HANDLER(op) L_##op:
#define SKIP() (pc++)
#define JUMP(off) (pc += (off))

/* Helpers that may raise or collect need the current pc (for line numbers)
 * and a top that covers every live register (for the collector). */
#define SAVE_PC() (ci->savedpc = pc)
#define SAVE() (ci->savedpc = pc, S->top = ci->top)
#define SET_TOP(p) (S->top = (p))
#define CURRENT_TOP() (S->top)
#define FRAME_TOP() (ci->top)
#define CURRENT_FRAME() (ci)

#endif

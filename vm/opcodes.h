/* opcodes.h — the bytecode, defined once.
 *
 * Instructions are 32 bits: op in bits 0-7, A in 8-15, B in 16-23, C in 24-31.
 * Bx is the 16 bits of B and C together (unsigned); sJ is the 24 bits of A, B
 * and C as a signed jump offset. Jumps are relative to the NEXT instruction
 * (pc+1). R[x] is register x of the current frame (slot base+x), K[x] the
 * constant x, Up[x] the upvalue x. "skip" means pc += 1 (over the JMP that
 * follows a test).
 *
 * Every table that depends on the opcodes (names, formats, the dispatch table
 * of the interpreter) is derived from OPCODES with an X-macro. */
#ifndef MT_OPCODES_H
#define MT_OPCODES_H

#include <stdint.h>

/* X(name, format, semantics) */
#define OPCODES(X)                                                             \
    X(MOVE, ABC, "R[A] := R[B]")                                              \
    X(LOADK, ABx, "R[A] := K[Bx]")                                            \
    X(LOADI, AsBx, "R[A] := integer sBx")                                     \
    X(LOADF, AsBx, "R[A] := float sBx")                                       \
    X(LOADNIL, ABC, "R[A], ..., R[A+B] := nil")                               \
    X(LOADBOOL, ABC, "R[A] := (B != 0); if C then skip")                      \
    X(GETUPVAL, ABC, "R[A] := Up[B]")                                         \
    X(SETUPVAL, ABC, "Up[B] := R[A]")                                         \
    X(GETGLOBAL, ABx, "R[A] := Globals[K[Bx]]   (K[Bx] a string)")            \
    X(SETGLOBAL, ABx, "Globals[K[Bx]] := R[A]")                               \
    X(GETTABLE, ABC, "R[A] := R[B][R[C]]")                                    \
    X(GETI, ABC, "R[A] := R[B][C]   (C an integer 0..255)")                   \
    X(GETFIELD, ABC, "R[A] := R[B][K[C]]   (K[C] a string)")                  \
    X(SETTABLE, ABC, "R[A][R[B]] := R[C]")                                    \
    X(SETI, ABC, "R[A][B] := R[C]   (B an integer 0..255)")                   \
    X(SETFIELD, ABC, "R[A][K[B]] := R[C]   (K[B] a string)")                  \
    X(NEWTABLE, ABC, "R[A] := {}; B = array size hint, C = hash size hint "   \
                     "(each: 0..254 exact, 255 = 'large')")                    \
    X(SELF, ABC, "R[A+1] := R[B]; R[A] := R[B][K[C]]   (K[C] a string)")      \
    /* arithmetic: R-R forms then R-K forms (K[C] a number constant) */       \
    X(ADD, ABC, "R[A] := R[B] + R[C]")                                        \
    X(SUB, ABC, "R[A] := R[B] - R[C]")                                        \
    X(MUL, ABC, "R[A] := R[B] * R[C]")                                        \
    X(MOD, ABC, "R[A] := R[B] % R[C]")                                        \
    X(POW, ABC, "R[A] := R[B] ^ R[C]")                                        \
    X(DIV, ABC, "R[A] := R[B] / R[C]")                                        \
    X(IDIV, ABC, "R[A] := R[B] // R[C]")                                      \
    X(BAND, ABC, "R[A] := R[B] & R[C]")                                       \
    X(BOR, ABC, "R[A] := R[B] | R[C]")                                        \
    X(BXOR, ABC, "R[A] := R[B] ~ R[C]")                                       \
    X(SHL, ABC, "R[A] := R[B] << R[C]")                                       \
    X(SHR, ABC, "R[A] := R[B] >> R[C]")                                       \
    X(ADDK, ABC, "R[A] := R[B] + K[C]")                                       \
    X(SUBK, ABC, "R[A] := R[B] - K[C]")                                       \
    X(MULK, ABC, "R[A] := R[B] * K[C]")                                       \
    X(MODK, ABC, "R[A] := R[B] % K[C]")                                       \
    X(POWK, ABC, "R[A] := R[B] ^ K[C]")                                       \
    X(DIVK, ABC, "R[A] := R[B] / K[C]")                                       \
    X(IDIVK, ABC, "R[A] := R[B] // K[C]")                                     \
    X(BANDK, ABC, "R[A] := R[B] & K[C]")                                      \
    X(BORK, ABC, "R[A] := R[B] | K[C]")                                       \
    X(BXORK, ABC, "R[A] := R[B] ~ K[C]")                                      \
    X(SHLK, ABC, "R[A] := R[B] << K[C]")                                      \
    X(SHRK, ABC, "R[A] := R[B] >> K[C]")                                      \
    X(UNM, ABC, "R[A] := -R[B]")                                              \
    X(BNOT, ABC, "R[A] := ~R[B]")                                             \
    X(NOT, ABC, "R[A] := not R[B]")                                           \
    X(LEN, ABC, "R[A] := #R[B]")                                              \
    X(CONCAT, ABC, "R[A] := R[A] .. ... .. R[A+B-1]   (B >= 2)")              \
    X(CLOSE, ABC, "close all upvalues >= R[A]")                               \
    X(JMP, sJ, "pc += sJ")                                                    \
    X(JMPBACK, sJ, "pc += sJ (sJ < 0): a loop back-edge; counts hotness")     \
    X(EQ, ABC, "if ((R[A] == R[B]) ~= C) then skip")                          \
    X(LT, ABC, "if ((R[A] <  R[B]) ~= C) then skip")                          \
    X(LE, ABC, "if ((R[A] <= R[B]) ~= C) then skip")                          \
    X(EQK, ABC, "if ((R[A] == K[B]) ~= C) then skip   (K[B] any constant)")   \
    X(TEST, ABC, "if (truthy(R[A]) ~= C) then skip")                          \
    X(TESTSET, ABC, "if (truthy(R[B]) ~= C) then skip else R[A] := R[B]")     \
    X(CALL, ABC, "R[A], ..., R[A+C-2] := R[A](R[A+1], ..., R[A+B-1]); "       \
                 "B = 0: arguments up to top; C = 0: keep all results, "      \
                 "set top")                                                   \
    X(TAILCALL, ABC, "return R[A](R[A+1], ..., R[A+B-1]); B = 0: up to top")  \
    X(RETURN, ABC, "return R[A], ..., R[A+B-2]; B = 0: up to top")            \
    X(FORPREP, ABx, "numeric for over R[A] (init), R[A+1] (limit), R[A+2] "   \
                    "(step); R[A+3] is the visible variable; if the loop "    \
                    "runs zero times pc += Bx + 1 (past the FORLOOP)")        \
    X(FORLOOP, ABx, "step the loop of R[A]; if it continues, R[A+3] := "      \
                    "index and pc -= Bx (back to the body); counts hotness")  \
    X(TFORPREP, ABx, "pc += Bx (to the TFORCALL)")                            \
    X(TFORCALL, ABC, "R[A+3], ..., R[A+2+C] := R[A](R[A+1], R[A+2])")         \
    X(TFORLOOP, ABx, "if R[A+3] ~= nil then { R[A+2] := R[A+3]; pc -= Bx }; " \
                     "counts hotness")                                        \
    X(SETLIST, ABC, "R[A][C*50+i] := R[A+i], 1 <= i <= B; B = 0: up to top; " \
                    "C = 255: the block number is the next instruction's Bx") \
    X(CLOSURE, ABx, "R[A] := closure(protos[Bx])")                            \
    X(VARARG, ABC, "R[A], ..., R[A+C-2] := ...; C = 0: all of them, set top") \
    X(EXTRAARG, ABx, "Bx is an operand of the previous instruction")

typedef enum {
#define OP_ENUM(name, fmt, doc) OP_##name,
    OPCODES(OP_ENUM)
#undef OP_ENUM
    NUM_OPCODES
} OpCode;

enum OpFormat { FMT_ABC, FMT_ABx, FMT_AsBx, FMT_sJ };
extern const char *const mt_opnames[NUM_OPCODES];
extern const uint8_t mt_opformats[NUM_OPCODES];

/* Fields per flush of SETLIST (as Lua's LFIELDS_PER_FLUSH). */
#define SETLIST_BATCH 50
#define MAXREGS 250        /* registers per function; the parser enforces it */

#define GET_OP(i) ((OpCode)((i) & 0xff))
#define GET_A(i) ((int)(((i) >> 8) & 0xff))
#define GET_B(i) ((int)(((i) >> 16) & 0xff))
#define GET_C(i) ((int)(((i) >> 24) & 0xff))
#define GET_Bx(i) ((int)((i) >> 16))
#define GET_sBx(i) (GET_Bx(i) - 0x7fff)
#define GET_sJ(i) ((int32_t)(i) >> 8)

#define MAX_Bx 0xffff
#define MAX_sBx 0x7fff   /* sBx in [-0x7fff, 0x8000] */
#define MAX_sJ ((1 << 23) - 1)

#define MK_ABC(o, a, b, c) \
    ((uint32_t)(o) | ((uint32_t)(a) << 8) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 24))
#define MK_ABx(o, a, bx) ((uint32_t)(o) | ((uint32_t)(a) << 8) | ((uint32_t)(bx) << 16))
#define MK_AsBx(o, a, sbx) MK_ABx(o, a, (uint32_t)((sbx) + 0x7fff))
#define MK_sJ(o, sj) ((uint32_t)(o) | ((uint32_t)(sj) << 8))

#endif

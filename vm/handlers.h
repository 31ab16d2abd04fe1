/* handlers.h — the semantics of every bytecode, written once.
 *
 * This file is included by the interpreter (interp.c, with the RUN meaning of
 * mop.h) and is meant to be included by the recorders with their meanings.
 * Handlers use only the meta-operations of mop.h on data, and these control
 * macros, which every includer defines:
 *
 *   HANDLER(op)       starts the handler of op
 *   NEXT()            continue with the next instruction
 *   SKIP()            skip the next instruction (the JMP after a test)
 *   JUMP(off)         pc += off (relative to the next instruction)
 *   HOT_BACKEDGE()    a back-edge was taken: pc is now the loop header
 *   SAVE()            make pc/top visible to helpers that may raise or GC
 *   GC_SAFEPOINT()    a point where a collection may run
 *   CALL_MT / RETURN_TO_CALLER / ... frame transitions (see interp.c)
 *
 * Operands of the instruction being executed: ARG_A, ARG_B, ARG_C, ARG_Bx,
 * ARG_sBx, ARG_sJ (green). The operands, SKIP, JUMP, SAVE and the frame
 * accessors mean the same to every includer: handler_frame.h. */

/* ---- loads and moves ---- */

HANDLER(MOVE) { COPY(SLOT(ARG_A), SLOT(ARG_B)); NEXT(); }
HANDLER(LOADK) { COPY(SLOT(ARG_A), KST(ARG_Bx)); NEXT(); }
HANDLER(LOADI) { SET_INT(SLOT(ARG_A), KINT(ARG_sBx)); NEXT(); }
HANDLER(LOADF) { SET_FLT(SLOT(ARG_A), KFLT(ARG_sBx)); NEXT(); }

HANDLER(LOADNIL) {
    for (int i = 0; i <= ARG_B; i++)
        SET_NIL(SLOT(ARG_A + i));
    NEXT();
}

HANDLER(LOADBOOL) {
    SET_BOOL(SLOT(ARG_A), ARG_B != 0);
    if (ARG_C)
        SKIP();
    NEXT();
}

HANDLER(GETUPVAL) {
    MPTR uv = LOAD(UpVal *, CLOSURE_SELF(), offsetof(Closure, upvals) + ARG_B * sizeof(UpVal *));
    COPY(SLOT(ARG_A), FIELD(uv, UpVal, v));
    NEXT();
}

HANDLER(SETUPVAL) {
    MPTR uv = LOAD(UpVal *, CLOSURE_SELF(), offsetof(Closure, upvals) + ARG_B * sizeof(UpVal *));
    COPY(FIELD(uv, UpVal, v), SLOT(ARG_A));
    NEXT();
}

/* ---- table access ---- */

/* The value of t[key] for an integer key: the array part inline, the hash
 * part through a pure helper. */
#define TABLE_GETINT(t, key)                                                  \
    (IF(ULT(ISUB((key), KINT(1)), FIELD((t), Table, asize)))                         \
         ? ELEM(FIELD((t), Table, array), ISUB((key), KINT(1)))                     \
         : HELPER_SLOT(tab_getint, (t), (key)))

/* Finishes a get whose raw lookup gave `slot`: a hit, or a miss in a table
 * without a metatable, completes here; anything else takes the slow path. */
#define FINISH_GET(ra, rb, key, t, slot)                                      \
    do {                                                                      \
        if (!IF(IS((slot), T_NIL))) {                                         \
            COPY((ra), (slot));                                               \
            NEXT();                                                           \
        }                                                                     \
        if (IF(ISNULL(FIELD((t), Table, meta)))) {                            \
            SET_NIL(ra);                                                      \
            NEXT();                                                           \
        }                                                                     \
        SAVE();                                                               \
        HELPER(vm_finishget, S, (t), (key), (ra));                            \
        NEXT();                                                               \
    } while (0)

/* A string key missing from t whose metatable's __index is a table that
 * has it (a method found in its class), or that lacks it and has no
 * metatable (a field not set yet: nil): vm_finishget's common cases, with
 * meta-operations so that traces follow them. Anything else falls through to
 * the slow path, which starts the lookup again (lookups have no effects). */
#define INDEX_TABLE_HIT(ra, t, skey) INDEX_META_HIT(ra, FIELD((t), Table, meta), skey)
#define INDEX_META_HIT(ra, metatable, skey)                                   \
    do {                                                                      \
        MPTR mt_ = (metatable);                                               \
        if (!IF(ISNULL(mt_))) {                                               \
            MVAL h_ = HELPER_SLOT(tab_getstr, mt_, (String *)PROMOTE(S->tmname[TM_INDEX])); \
            if (IF(IS(h_, T_TABLE))) {                                        \
                MPTR ht_ = GCP(h_);                                           \
                MVAL v_ = HELPER_SLOT(tab_getstr, ht_, (skey));               \
                if (!IF(IS(v_, T_NIL))) {                                     \
                    COPY((ra), v_);                                           \
                    NEXT();                                                   \
                }                                                             \
                if (IF(ISNULL(FIELD(ht_, Table, meta)))) {                    \
                    SET_NIL(ra);   /* nor in a class without a metatable */   \
                    NEXT();                                                   \
                }                                                             \
            }                                                                 \
        }                                                                     \
    } while (0)

HANDLER(GETGLOBAL) {
    MVAL ra = SLOT(ARG_A);
    MVAL key = KST(ARG_Bx);
    MPTR g = PROMOTE(S->globals);
    MVAL slot = HELPER_SLOT(tab_getstr, g, (String *)GCP(key));
    if (!IF(IS(slot, T_NIL))) {
        COPY(ra, slot);
        NEXT();
    }
    SAVE();
    HELPER(vm_getglobal_slow, S, key, ra);
    NEXT();
}

HANDLER(SETGLOBAL) {
    SAVE();
    HELPER(vm_setglobal, S, KST(ARG_Bx), SLOT(ARG_A));
    NEXT();
}

HANDLER(GETTABLE) {
    MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B), rc = SLOT(ARG_C);
    if (IF(IS(rb, T_TABLE))) {
        MPTR t = GCP(rb);
        MVAL slot;
        if (IF(IS(rc, T_INT))) {
            slot = TABLE_GETINT(t, INT(rc));
        } else if (IF(IS(rc, T_STR))) {
            /* A computed name (obj[name]) usually takes a few values: a
             * trace specialises on the one it sees, as for a field. */
            String *skey = (String *)PROMOTE(GCP(rc));
            slot = HELPER_SLOT(tab_getstr, t, skey);
            if (IF(IS(slot, T_NIL)))
                INDEX_TABLE_HIT(ra, t, skey);
        } else {
            slot = HELPER_SLOT(tab_get, t, rc);
        }
        FINISH_GET(ra, rb, rc, t, slot);
    }
    SAVE();
    HELPER(mt_gettable, S, rb, rc, ra);
    NEXT();
}

HANDLER(GETI) {
    MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);
    if (IF(IS(rb, T_TABLE))) {
        MPTR t = GCP(rb);
        MVAL slot = TABLE_GETINT(t, KINT(ARG_C));
        if (!IF(IS(slot, T_NIL))) {
            COPY(ra, slot);
            NEXT();
        }
    }
    SAVE();
    HELPER(vm_geti, S, rb, ARG_C, ra);
    NEXT();
}

HANDLER(GETFIELD) {
    MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);
    MVAL key = KST(ARG_C);
    if (IF(IS(rb, T_TABLE))) {
        MPTR t = GCP(rb);
        MVAL slot = HELPER_SLOT(tab_getstr, t, (String *)GCP(key));
        if (IF(IS(slot, T_NIL)))
            INDEX_TABLE_HIT(ra, t, (String *)GCP(key));
        FINISH_GET(ra, rb, key, t, slot);
    }
    SAVE();
    HELPER(mt_gettable, S, rb, key, ra);
    NEXT();
}

HANDLER(SELF) {
    MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);
    MVAL key = KST(ARG_C);
    MVAL self = SLOT(ARG_A + 1);   /* never ra, so it keeps the object */
    COPY(self, rb);
    if (IF(IS(self, T_TABLE))) {
        MPTR t = GCP(self);
        MVAL slot = HELPER_SLOT(tab_getstr, t, (String *)GCP(key));
        if (!IF(IS(slot, T_NIL))) {
            COPY(ra, slot);
            NEXT();
        }
        INDEX_TABLE_HIT(ra, t, (String *)GCP(key));   /* methods live in classes */
        if (!IF(ISNULL(FIELD(t, Table, meta)))) {
            SAVE();
            HELPER(vm_finishget, S, t, key, ra);
            NEXT();
        }
    }
    /* s:method(...): strings share one metatable, whose __index is string */
    if (IF(IS(self, T_STR)))
        INDEX_META_HIT(ra, PROMOTE(S->string_meta), (String *)GCP(key));
    SAVE();
    HELPER(mt_gettable, S, rb, key, ra);   /* intact: ra is not written yet */
    NEXT();
}

/* Stores into an existing, non-nil entry need no metamethod check (__newindex
 * only applies to absent keys); into a table without a metatable they are a
 * raw set; everything else takes the slow path. This is the array part. */
#define TABLE_SETINT_FAST(t, key, val)                                        \
    do {                                                                      \
        if (IF(ULT(ISUB((key), KINT(1)), FIELD((t), Table, asize)))) {              \
            MVAL slot_ = ELEM(FIELD((t), Table, array), ISUB((key), KINT(1)));      \
            if (!IF(IS(slot_, T_NIL)) || IF(ISNULL(FIELD((t), Table, meta)))) { \
                COPY(slot_, (val));                                           \
                NEXT();                                                       \
            }                                                                 \
        }                                                                     \
    } while (0)

HANDLER(SETTABLE) {
    MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B), rc = SLOT(ARG_C);
    if (IF(IS(ra, T_TABLE))) {
        MPTR t = GCP(ra);
        if (IF(IS(rb, T_INT)))
            TABLE_SETINT_FAST(t, INT(rb), rc);
        if (IF(ISNULL(FIELD(t, Table, meta)))) {
            SAVE();
            HELPER(vm_rawset_checked, S, t, rb, rc);
            NEXT();
        }
    }
    SAVE();
    HELPER(mt_settable, S, ra, rb, rc);
    NEXT();
}

HANDLER(SETI) {
    MVAL ra = SLOT(ARG_A), rc = SLOT(ARG_C);
    if (IF(IS(ra, T_TABLE))) {
        MPTR t = GCP(ra);
        TABLE_SETINT_FAST(t, KINT(ARG_B), rc);
    }
    SAVE();
    HELPER(vm_seti, S, ra, ARG_B, rc);
    NEXT();
}

HANDLER(SETFIELD) {
    MVAL ra = SLOT(ARG_A), rc = SLOT(ARG_C);
    MVAL key = KST(ARG_B);
    if (IF(IS(ra, T_TABLE))) {
        MPTR t = GCP(ra);
        MVAL slot = HELPER_SLOT(tab_getstr, t, (String *)GCP(key));
        if (!IF(IS(slot, T_NIL))) {
            COPY(slot, rc);
            NEXT();
        }
        MPTR mt_ = FIELD(t, Table, meta);
        if (IF(ISNULL(mt_))) {
            HELPER(tab_setstr, S, t, (String *)GCP(key), rc);
            NEXT();
        }
        /* A key still in its node (assigned nil) in a table whose metatable
         * has no __newindex: a raw store into the node. */
        if (!IF(ABSENT(slot)) &&
            IF(IS(HELPER_SLOT(tab_getstr, mt_, (String *)PROMOTE(S->tmname[TM_NEWINDEX])), T_NIL))) {
            COPY(slot, rc);
            NEXT();
        }
    }
    SAVE();
    HELPER(mt_settable, S, ra, key, rc);
    NEXT();
}

HANDLER(NEWTABLE) {
    SAVE();
    MPTR t = ALLOC(tab_new, S, (uint32_t)ARG_B, (uint32_t)ARG_C);
    SET_GC(SLOT(ARG_A), t, T_TABLE);
    GC_SAFEPOINT();
    NEXT();
}

/* ---- arithmetic ---- */

/* Converts a number slot to a float; false for non-numbers. */
#define TOFLT(v, out)                                                         \
    (IF(IS((v), T_FLT)) ? ((out) = FLT(v), true)                              \
     : IF(IS((v), T_INT)) ? ((out) = I2F(INT(v)), true) : false)

/* The integer operations that can raise (division by zero) or need Lua's
 * floor rules go through helpers; the rest are single meta-operations. */
/* A zero divisor raises (in a trace: a guard); any other is a pure helper. */
#define IMOD(a, b)                                                            \
    (IF_RARE(IEQ((b), KINT(0))) ? (SAVE(), HELPER(num_imod, S, (a), (b)))       \
                                : HELPER_PURE(num_imod_nz, (a), (b)))
#define IIDIV(a, b)                                                           \
    (IF_RARE(IEQ((b), KINT(0))) ? (SAVE(), HELPER(num_idiv, S, (a), (b)))       \
                                : HELPER_PURE(num_idiv_nz, (a), (b)))
#define FMOD(a, b) HELPER_PURE(num_fmod, (a), (b))
#define FIDIV(a, b) HELPER_PURE(floor, FDIV((a), (b)))
#define FPOW(a, b) HELPER_PURE(pow, (a), (b))
#define ISHL(a, b) HELPER_PURE(num_shiftl, (a), (b))
#define ISHR(a, b) HELPER_PURE(num_shiftl, (a), INEG(b))

/* The three parts of an arithmetic handler, on ra := rb op rc: an integer
 * fast path, a float fast path, and the helper that coerces strings, calls
 * metamethods and raises. */
#define INT_FAST(iop, rc)                                                     \
    if (IF(IS(rb, T_INT)) && IF(IS(rc, T_INT))) {                             \
        SET_INT(ra, iop(INT(rb), INT(rc)));                                   \
        NEXT();                                                               \
    }
#define FLOAT_FAST(fop, rc)                                                   \
    {                                                                         \
        MFLT nb, nc;                                                          \
        if (TOFLT(rb, nb) && TOFLT(rc, nc)) {                                 \
            SET_FLT(ra, fop(nb, nc));                                         \
            NEXT();                                                           \
        }                                                                     \
    }
#define ARITH_SLOW(event, rc)                                                 \
    SAVE();                                                                   \
    HELPER(vm_arith, S, ra, rb, rc, event);                                   \
    NEXT();

/* Integer-or-float operations: int op int stays an integer. */
#define ARITH_BODY(event, iop, fop, rc)                                       \
    {                                                                         \
        MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);                              \
        INT_FAST(iop, rc)                                                     \
        FLOAT_FAST(fop, rc)                                                   \
        ARITH_SLOW(event, rc)                                                 \
    }

/* Float-only operations (/ and ^). */
#define FLOAT_BODY(event, fop, rc)                                            \
    {                                                                         \
        MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);                              \
        FLOAT_FAST(fop, rc)                                                   \
        ARITH_SLOW(event, rc)                                                 \
    }

/* Bitwise operations: integers only; floats and strings via the helper. */
#define BIT_BODY(event, iop, rc)                                              \
    {                                                                         \
        MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);                              \
        INT_FAST(iop, rc)                                                     \
        ARITH_SLOW(event, rc)                                                 \
    }

HANDLER(ADD) ARITH_BODY(TM_ADD, IADD, FADD, SLOT(ARG_C))
HANDLER(SUB) ARITH_BODY(TM_SUB, ISUB, FSUB, SLOT(ARG_C))
HANDLER(MUL) ARITH_BODY(TM_MUL, IMUL, FMUL, SLOT(ARG_C))
HANDLER(MOD) ARITH_BODY(TM_MOD, IMOD, FMOD, SLOT(ARG_C))
HANDLER(IDIV) ARITH_BODY(TM_IDIV, IIDIV, FIDIV, SLOT(ARG_C))
HANDLER(POW) FLOAT_BODY(TM_POW, FPOW, SLOT(ARG_C))
HANDLER(DIV) FLOAT_BODY(TM_DIV, FDIV, SLOT(ARG_C))
HANDLER(BAND) BIT_BODY(TM_BAND, IAND, SLOT(ARG_C))
HANDLER(BOR) BIT_BODY(TM_BOR, IOR, SLOT(ARG_C))
HANDLER(BXOR) BIT_BODY(TM_BXOR, IXOR, SLOT(ARG_C))
HANDLER(SHL) BIT_BODY(TM_SHL, ISHL, SLOT(ARG_C))
HANDLER(SHR) BIT_BODY(TM_SHR, ISHR, SLOT(ARG_C))

HANDLER(ADDK) ARITH_BODY(TM_ADD, IADD, FADD, KST(ARG_C))
/* lua5.4 compiles `x - k` for an integer constant k as `x + (-k)`; the two
 * differ only in the sign of a zero float result (-0.0 - 0 is +0.0 there). */
HANDLER(SUBK) {
    MVAL kc = KST(ARG_C);
    if (!IF(IS(kc, T_INT)))
        ARITH_BODY(TM_SUB, ISUB, FSUB, kc)
    MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);
    INT_FAST(ISUB, kc)
    if (IF(IS(rb, T_FLT))) {
        SET_FLT(ra, FADD(FLT(rb), I2F(INEG(INT(kc)))));
        NEXT();
    }
    ARITH_SLOW(TM_SUB, kc)
}
HANDLER(MULK) ARITH_BODY(TM_MUL, IMUL, FMUL, KST(ARG_C))
HANDLER(MODK) ARITH_BODY(TM_MOD, IMOD, FMOD, KST(ARG_C))
HANDLER(IDIVK) ARITH_BODY(TM_IDIV, IIDIV, FIDIV, KST(ARG_C))
HANDLER(POWK) FLOAT_BODY(TM_POW, FPOW, KST(ARG_C))
HANDLER(DIVK) FLOAT_BODY(TM_DIV, FDIV, KST(ARG_C))
HANDLER(BANDK) BIT_BODY(TM_BAND, IAND, KST(ARG_C))
HANDLER(BORK) BIT_BODY(TM_BOR, IOR, KST(ARG_C))
HANDLER(BXORK) BIT_BODY(TM_BXOR, IXOR, KST(ARG_C))
HANDLER(SHLK) BIT_BODY(TM_SHL, ISHL, KST(ARG_C))
HANDLER(SHRK) BIT_BODY(TM_SHR, ISHR, KST(ARG_C))

HANDLER(UNM) {
    MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);
    if (IF(IS(rb, T_INT))) {
        SET_INT(ra, INEG(INT(rb)));
        NEXT();
    }
    if (IF(IS(rb, T_FLT))) {
        SET_FLT(ra, FNEG(FLT(rb)));
        NEXT();
    }
    SAVE();
    HELPER(vm_arith, S, ra, rb, rb, TM_UNM);
    NEXT();
}

HANDLER(BNOT) {
    MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);
    if (IF(IS(rb, T_INT))) {
        SET_INT(ra, INOT(INT(rb)));
        NEXT();
    }
    SAVE();
    HELPER(vm_arith, S, ra, rb, rb, TM_BNOT);
    NEXT();
}

HANDLER(NOT) {
    MVAL rb = SLOT(ARG_B);
    bool falsy = IF(IS(rb, T_NIL)) || (IF(IS(rb, T_BOOL)) && !IF(BOOLV(rb)));
    SET_BOOL(SLOT(ARG_A), falsy);
    NEXT();
}

HANDLER(LEN) {
    MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);
    if (IF(IS(rb, T_STR))) {
        SET_INT(ra, FIELD(GCP(rb), String, len));
        NEXT();
    }
    if (IF(IS(rb, T_TABLE)) && IF(ISNULL(FIELD(GCP(rb), Table, meta)))) {
        SET_INT(ra, HELPER_PURE(tab_len, GCP(rb)));
        NEXT();
    }
    SAVE();
    HELPER(mt_objlen, S, rb, ra);
    NEXT();
}

HANDLER(CONCAT) {
    SET_TOP(SLOT(ARG_A + ARG_B));
    SAVE_PC();
    HELPER(mt_concat, S, ARG_B);
    GC_SAFEPOINT();
    NEXT();
}

HANDLER(CLOSE) {
    HELPER(upval_close, S, SLOT(ARG_A));
    NEXT();
}

/* ---- jumps and tests ----
 * A test is always followed by a JMP or JMPBACK, taken when the test passes.
 * SKIP_OR_FOLLOW(skip) skips it, or takes it at once (with the back-edge's
 * hot counting) instead of dispatching to it. */
#define SKIP_OR_FOLLOW(skip)                                                  \
    do {                                                                      \
        if (skip) {                                                           \
            SKIP();                                                           \
        } else {                                                              \
            Instr jump_ = *pc++;                                              \
            JUMP(GET_sJ(jump_));                                              \
            if (GET_OP(jump_) == OP_JMPBACK)                                  \
                HOT_BACKEDGE();                                               \
        }                                                                     \
        NEXT();                                                               \
    } while (0)

HANDLER(JMP) { JUMP(ARG_sJ); NEXT(); }

HANDLER(JMPBACK) {
    JUMP(ARG_sJ);
    HOT_BACKEDGE();
    NEXT();
}

/* The truth of a slot: everything but nil and false. */
#define TRUTHY(v) (!(IF(IS((v), T_NIL)) || (IF(IS((v), T_BOOL)) && !IF(BOOLV(v)))))

HANDLER(TEST) {
    SKIP_OR_FOLLOW(TRUTHY(SLOT(ARG_A)) != (ARG_C != 0));
}

HANDLER(TESTSET) {
    MVAL rb = SLOT(ARG_B);
    bool skip = TRUTHY(rb) != (ARG_C != 0);
    if (!skip)
        COPY(SLOT(ARG_A), rb);
    SKIP_OR_FOLLOW(skip);
}

HANDLER(EQ) {
    MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);
    bool eq;
    if (IF(IS(ra, T_INT)) && IF(IS(rb, T_INT)))
        eq = IF(IEQ(INT(ra), INT(rb)));
    else if (IF(IS(ra, T_STR)) && IF(IS(rb, T_STR)))
        eq = IF(PEQ(GCP(ra), GCP(rb)));
    else {
        SAVE();
        eq = IF(HELPER(mt_equal, S, ra, rb));
    }
    SKIP_OR_FOLLOW(eq != (ARG_C != 0));
}

HANDLER(EQK) {
    MVAL ra = SLOT(ARG_A);
    MVAL kb = KST(ARG_B);
    bool eq;
    /* Strings are interned: equal strings are the same object. */
    if (IF(IS(kb, T_INT)) && IF(IS(ra, T_INT)))
        eq = IF(IEQ(INT(ra), INT(kb)));
    else if (IF(IS(kb, T_STR)))
        eq = IF(IS(ra, T_STR)) && IF(PEQ(GCP(ra), GCP(kb)));
    else if (IF(IS(kb, T_NIL)))
        eq = IF(IS(ra, T_NIL));
    else if (IF(IS(kb, T_BOOL)))
        eq = IF(IS(ra, T_BOOL)) && IF(IEQ(BOOLV(ra), BOOLV(kb)));
    else
        eq = IF(HELPER_PURE(mt_rawequal, ra, kb));
    SKIP_OR_FOLLOW(eq != (ARG_C != 0));
}

#define COMPARE_BODY(iop, fop, slow)                                          \
    {                                                                         \
        MVAL ra = SLOT(ARG_A), rb = SLOT(ARG_B);                          \
        bool res;                                                             \
        if (IF(IS(ra, T_INT)) && IF(IS(rb, T_INT)))                           \
            res = IF(iop(INT(ra), INT(rb)));                                  \
        else if (IF(IS(ra, T_FLT)) && IF(IS(rb, T_FLT)))                      \
            res = IF(fop(FLT(ra), FLT(rb)));                                  \
        else {                                                                \
            SAVE();                                                           \
            res = IF(HELPER(slow, S, ra, rb));                                \
        }                                                                     \
        SKIP_OR_FOLLOW(res != (ARG_C != 0));                                  \
    }

HANDLER(LT) COMPARE_BODY(ILT, FLT_LT, mt_lessthan)
HANDLER(LE) COMPARE_BODY(ILE, FLT_LE, mt_lessequal)

/* ---- numeric for ---- */

/* Integer start, limit and step, the common case, are meta-operations; a
 * zero step, float or string operands and a float limit (which vm_forprep
 * clips) take the helper. */
HANDLER(FORPREP) {
    MVAL ra = SLOT(ARG_A);
    MVAL rlimit = SLOT(ARG_A + 1), rstep = SLOT(ARG_A + 2);
    if (IF(IS(ra, T_INT)) && IF(IS(rlimit, T_INT)) && IF(IS(rstep, T_INT))) {
        MINT init = INT(ra), limit = INT(rlimit), step = INT(rstep);
        if (!IF(IEQ(step, KINT(0)))) {
            bool runs = IF(ILT(KINT(0), step)) ? IF(ILE(init, limit)) : IF(ILE(limit, init));
            if (!runs) {
                JUMP(ARG_Bx + 1);
                NEXT();
            }
            SET_INT(rlimit, HELPER_PURE(num_forcount, init, limit, step));
            SET_INT(SLOT(ARG_A + 3), init);
            HOT_LOOPENTRY();
            NEXT();
        }
    }
    SAVE();
    if (!IF(HELPER(vm_forprep, S, ra)))
        JUMP(ARG_Bx + 1);
    else
        HOT_LOOPENTRY();
    NEXT();
}

/* Integer loops keep an unsigned iteration count in R[A+1] (computed by
 * vm_forprep), so they cannot overflow; float loops compare with the
 * limit. */
HANDLER(FORLOOP) {
    MVAL ra = SLOT(ARG_A);
    if (IF(IS(SLOT(ARG_A + 2), T_INT))) {
        MINT count = INT(SLOT(ARG_A + 1));   /* unsigned: compare with zero only */
        if (!IF(IEQ(count, KINT(0)))) {
            MINT idx = IADD(INT(ra), INT(SLOT(ARG_A + 2)));
            SET_INT(SLOT(ARG_A + 1), ISUB(count, KINT(1)));
            SET_INT(ra, idx);
            SET_INT(SLOT(ARG_A + 3), idx);
            JUMP(-ARG_Bx);
            HOT_BACKEDGE();
        }
        NEXT();
    }
    MFLT step = FLT(SLOT(ARG_A + 2)), limit = FLT(SLOT(ARG_A + 1));
    MFLT idx = FADD(FLT(ra), step);
    bool go = IF(FLT_LT(KFLT(0.0), step)) ? IF(FLT_LE(idx, limit)) : IF(FLT_LE(limit, idx));
    if (go) {
        SET_FLT(ra, idx);
        SET_FLT(SLOT(ARG_A + 3), idx);
        JUMP(-ARG_Bx);
        HOT_BACKEDGE();
    }
    NEXT();
}

/* ---- generic for ---- */

HANDLER(TFORPREP) { JUMP(ARG_Bx); NEXT(); }

HANDLER(TFORCALL) {
    MVAL ra = SLOT(ARG_A);
    COPY(SLOT(ARG_A + 3), ra);
    COPY(SLOT(ARG_A + 4), SLOT(ARG_A + 1));
    COPY(SLOT(ARG_A + 5), SLOT(ARG_A + 2));
    SET_TOP(SLOT(ARG_A + 6));
    SAVE_PC();
    HELPER(mt_call, S, SLOT(ARG_A + 3), ARG_C);
    SET_TOP(FRAME_TOP());
    GC_SAFEPOINT();
    NEXT();
}

HANDLER(TFORLOOP) {
    if (!IF(IS(SLOT(ARG_A + 3), T_NIL))) {
        COPY(SLOT(ARG_A + 2), SLOT(ARG_A + 3));
        JUMP(-ARG_Bx);
        HOT_BACKEDGE();
    }
    NEXT();
}

/* ---- constructors, closures, varargs ---- */

HANDLER(SETLIST) {
    MVAL ra = SLOT(ARG_A);
    int n = ARG_B ? ARG_B : (int)(CURRENT_TOP() - ra) - 1;
    int block = ARG_C;
    if (block == 255) {
        block = GET_Bx(*pc);
        SKIP();
    }
    SAVE_PC();
    HELPER(vm_setlist, S, ra, n, (int64_t)block * SETLIST_BATCH);
    SET_TOP(FRAME_TOP());
    NEXT();
}

HANDLER(CLOSURE) {
    SAVE();
    HELPER(vm_closure, S, CLOSURE_SELF(), ARG_Bx, base, SLOT(ARG_A));
    GC_SAFEPOINT();
    NEXT();
}

HANDLER(VARARG) {
    SAVE();
    HELPER(vm_vararg, S, CURRENT_FRAME(), SLOT(ARG_A), ARG_C - 1);
    NEXT();
}

HANDLER(EXTRAARG) { NEXT(); }

/* ---- calls and returns ---- */

HANDLER(CALL) {
    MVAL ra = SLOT(ARG_A);
    if (ARG_B != 0)
        SET_TOP(SLOT(ARG_A + ARG_B));
    SAVE_PC();
    if (IF(IS(ra, T_LCL)))
        CALL_MT(ra, ARG_C - 1);
    CALL_OTHER(ra, ARG_C - 1);
    NEXT();
}

HANDLER(TAILCALL) {
    MVAL ra = SLOT(ARG_A);
    if (ARG_B != 0)
        SET_TOP(SLOT(ARG_A + ARG_B));
    SAVE_PC();
    TAILCALL_TO(ra);
}

HANDLER(RETURN) {
    MVAL ra = SLOT(ARG_A);
    int n = ARG_B ? ARG_B - 1 : (int)(CURRENT_TOP() - ra);
    RETURN_FROM(ra, n);
}

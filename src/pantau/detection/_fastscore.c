/*
 * The scoring loop of pantau.detection.model.LinearModel.decision_function, in C.
 *
 * It computes exactly what the numpy implementation computes (features.py: polynomial n-gram hashes, the
 * salted multiplicative bucket mix, tf = 1 + ln(count) or count, each block divided by the L2 norm of its
 * tf * idf row), one document at a time: the n-gram buckets of a document are counted in a small hash table and
 * every distinct bucket adds tf * w[bucket] to the scores. No Python object is touched inside the loop.
 *
 * The numpy implementation stays the reference (and the fallback when this module is not built); a test
 * checks that both give the same scores.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const uint64_t Q = 0x100000001B3ULL;
static const uint64_t MIX = 0x9E3779B97F4A7C15ULL;
static const uint64_t CHAR_SALT = 0x51ED0000ULL;
static const uint64_t WORD_SALT = 0x30D00000ULL;

static inline uint32_t bucket_of(uint64_t h, int n_bits) {
    uint64_t x = h * MIX;
    x ^= x >> 29;
    x *= MIX;
    return (uint32_t)(x >> (64 - n_bits));
}

/* Count the buckets of one block of one document in a small open-addressing table, then add
 * tf * w[b] / norm to out[0..H). keys/counts have room for `cap` (a power of two > 2n) entries. */
static void score_block(const uint32_t *buckets, Py_ssize_t n, const float *w, const float *idf, int H, int log_tf,
                        float *out, double *acc, uint32_t *keys, uint32_t *counts) {
    if (n == 0) return;
    size_t cap = 16;
    while (cap < (size_t)n * 2) cap <<= 1;
    const uint32_t EMPTY = 0xFFFFFFFFu;
    memset(keys, 0xFF, cap * sizeof(uint32_t));
    size_t mask = cap - 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t b = buckets[i];
        size_t slot = ((uint64_t)b * 0x9E3779B1u) & mask;
        while (keys[slot] != EMPTY && keys[slot] != b) slot = (slot + 1) & mask;
        if (keys[slot] == EMPTY) {
            keys[slot] = b;
            counts[slot] = 1;
        } else {
            counts[slot]++;
        }
    }
    for (int h = 0; h < H; h++) acc[h] = 0.0;
    double sq = 0.0;
    for (size_t slot = 0; slot < cap; slot++) {
        uint32_t b = keys[slot];
        if (b == EMPTY) continue;
        uint32_t c = counts[slot];
        double tf = c == 1 ? 1.0 : (log_tf ? 1.0 + log((double)c) : (double)c);
        double x = tf * (double)idf[b];
        sq += x * x;
        const float *row = w + (size_t)b * (size_t)H;
        for (int h = 0; h < H; h++) acc[h] += tf * (double)row[h];
    }
    if (sq <= 0.0) return;
    double inv = 1.0 / sqrt(sq);
    for (int h = 0; h < H; h++) out[h] += (float)(acc[h] * inv);
}

/* Character n-grams of orders lo..hi over one padded document. */
static Py_ssize_t char_buckets(const uint32_t *c, Py_ssize_t len, int lo, int hi, int n_bits, uint32_t *dst) {
    Py_ssize_t m = 0;
    for (Py_ssize_t p = 0; p < len; p++) {
        uint64_t h = 0, qp = 1;
        for (int k = 1; k <= hi && p + k <= len; k++) {
            h += (uint64_t)c[p + k - 1] * qp;
            qp *= Q;
            if (k >= lo) dst[m++] = bucket_of(h ^ (CHAR_SALT + (uint64_t)k), n_bits);
        }
    }
    return m;
}

/* Word n-grams of orders lo..hi (words are maximal runs of characters other than U+0020). */
static Py_ssize_t word_buckets(const uint32_t *c, Py_ssize_t len, int lo, int hi, int n_bits, Py_ssize_t *ws,
                               Py_ssize_t *we, uint32_t *dst) {
    Py_ssize_t nw = 0;
    Py_ssize_t p = 0;
    while (p < len) {
        while (p < len && c[p] == 32) p++;
        if (p >= len) break;
        Py_ssize_t s = p;
        while (p < len && c[p] != 32) p++;
        ws[nw] = s;
        we[nw] = p;
        nw++;
    }
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < nw; i++) {
        for (int k = lo; k <= hi && i + k <= nw; k++) {
            Py_ssize_t a = ws[i], b = we[i + k - 1];
            uint64_t h = 0, qp = 1;
            for (Py_ssize_t t = a; t < b; t++) {
                h += (uint64_t)c[t] * qp;
                qp *= Q;
            }
            dst[m++] = bucket_of(h ^ (WORD_SALT + (uint64_t)k), n_bits);
        }
    }
    return m;
}

static int check(Py_buffer *b, Py_ssize_t itemsize, Py_ssize_t min_items, const char *name) {
    if (b->itemsize != itemsize || b->len < min_items * itemsize) {
        PyErr_Format(PyExc_ValueError, "%s: wrong item size or too short", name);
        return 0;
    }
    return 1;
}

/*
 * score(word_cp, word_off, char_cp, char_off, w_word, w_char, idf_word, idf_char, out,
 *       n_heads, bits_word, bits_char, word_lo, word_hi, char_lo, char_hi, log_tf)
 *
 * *_cp: uint32 code points of the padded documents (" " + text + " "), concatenated; *_off: int64 offsets
 * (n_docs + 1); w_*: float32 [2**bits, n_heads] weights (idf already folded in); idf_*: float32 [2**bits];
 * out: float32 [n_docs, n_heads], added to.
 */
static PyObject *score(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer wcp, woff, ccp, coff, ww, wc, iw, ic, out;
    int H, bw, bc, wlo, whi, clo, chi, log_tf;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*y*y*w*iiiiiiii", &wcp, &woff, &ccp, &coff, &ww, &wc, &iw, &ic, &out,
                          &H, &bw, &bc, &wlo, &whi, &clo, &chi, &log_tf))
        return NULL;
    PyObject *result = NULL;
    uint32_t *buf = NULL, *keys = NULL, *counts = NULL;
    Py_ssize_t *ws = NULL, *we = NULL;
    double *acc = NULL;
    Py_ssize_t n_docs = woff.len / (Py_ssize_t)sizeof(int64_t) - 1;
    if (H <= 0 || bw < 1 || bw > 30 || bc < 1 || bc > 30 || wlo < 1 || whi < wlo || clo < 1 || chi < clo || chi > 64 ||
        n_docs < 0) {
        PyErr_SetString(PyExc_ValueError, "bad feature specification");
        goto done;
    }
    if (!check(&woff, 8, n_docs + 1, "word_off") || !check(&coff, 8, n_docs + 1, "char_off") ||
        !check(&wcp, 4, 0, "word_cp") || !check(&ccp, 4, 0, "char_cp") ||
        !check(&ww, 4, ((Py_ssize_t)1 << bw) * H, "w_word") || !check(&wc, 4, ((Py_ssize_t)1 << bc) * H, "w_char") ||
        !check(&iw, 4, (Py_ssize_t)1 << bw, "idf_word") || !check(&ic, 4, (Py_ssize_t)1 << bc, "idf_char") ||
        !check(&out, 4, n_docs * H, "out"))
        goto done;
    const int64_t *wo = (const int64_t *)woff.buf, *co = (const int64_t *)coff.buf;
    if ((wo[n_docs] > wcp.len / 4) || (co[n_docs] > ccp.len / 4)) {
        PyErr_SetString(PyExc_ValueError, "offsets beyond the code points");
        goto done;
    }
    Py_ssize_t max_len = 0;
    for (Py_ssize_t d = 0; d < n_docs; d++) {
        if (wo[d + 1] < wo[d] || co[d + 1] < co[d]) {
            PyErr_SetString(PyExc_ValueError, "offsets must not decrease");
            goto done;
        }
        if (wo[d + 1] - wo[d] > max_len) max_len = (Py_ssize_t)(wo[d + 1] - wo[d]);
        if (co[d + 1] - co[d] > max_len) max_len = (Py_ssize_t)(co[d + 1] - co[d]);
    }
    Py_ssize_t orders = (chi - clo + 1) > (whi - wlo + 1) ? (chi - clo + 1) : (whi - wlo + 1);
    buf = (uint32_t *)malloc(sizeof(uint32_t) * (size_t)(max_len * orders + 1));
    ws = (Py_ssize_t *)malloc(sizeof(Py_ssize_t) * (size_t)(max_len + 1));
    we = (Py_ssize_t *)malloc(sizeof(Py_ssize_t) * (size_t)(max_len + 1));
    acc = (double *)malloc(sizeof(double) * (size_t)H);
    size_t table = 16;  /* the largest table score_block can ask for */
    while (table < (size_t)(max_len * orders) * 2) table <<= 1;
    keys = (uint32_t *)malloc(sizeof(uint32_t) * table);
    counts = (uint32_t *)malloc(sizeof(uint32_t) * table);
    if (!buf || !ws || !we || !acc || !keys || !counts) {
        PyErr_NoMemory();
        goto done;
    }
    const uint32_t *wc_ = (const uint32_t *)wcp.buf, *cc_ = (const uint32_t *)ccp.buf;
    float *o = (float *)out.buf;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t d = 0; d < n_docs; d++) {
        Py_ssize_t m = word_buckets(wc_ + wo[d], (Py_ssize_t)(wo[d + 1] - wo[d]), wlo, whi, bw, ws, we, buf);
        score_block(buf, m, (const float *)ww.buf, (const float *)iw.buf, H, log_tf, o + d * H, acc, keys, counts);
        m = char_buckets(cc_ + co[d], (Py_ssize_t)(co[d + 1] - co[d]), clo, chi, bc, buf);
        score_block(buf, m, (const float *)wc.buf, (const float *)ic.buf, H, log_tf, o + d * H, acc, keys, counts);
    }
    Py_END_ALLOW_THREADS
    result = Py_None;
    Py_INCREF(result);
done:
    free(buf);
    free(ws);
    free(we);
    free(acc);
    free(keys);
    free(counts);
    PyBuffer_Release(&wcp);
    PyBuffer_Release(&woff);
    PyBuffer_Release(&ccp);
    PyBuffer_Release(&coff);
    PyBuffer_Release(&ww);
    PyBuffer_Release(&wc);
    PyBuffer_Release(&iw);
    PyBuffer_Release(&ic);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"score", score, METH_VARARGS, "Add the linear scores of a batch of documents to out (see the module source)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fastscore", "C scoring loop of LinearModel.", -1,
                                    methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__fastscore(void) { return PyModule_Create(&module); }

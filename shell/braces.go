package shell

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Brace expansion depends only on a word's literal text, so each word's
// expansion is computed once and cached.
var braceCache = newCache[*syntax.Word, []*syntax.Word](4096)

// braceWords returns the words that brace expansion makes of w, which
// has a literal { (hasBraceLit) and brace expansion is on.
func braceWords(w *syntax.Word) []*syntax.Word {
	if ws, ok := braceCache.get(w); ok {
		return ws
	}
	cp := *w
	cp.Parts = append([]syntax.WordPart(nil), w.Parts...)
	var out []*syntax.Word
	if !syntax.SplitBraces(&cp) {
		out = []*syntax.Word{w}
	} else {
		for _, parts := range expandBraceParts(cp.Parts) {
			out = append(out, &syntax.Word{Parts: mergeLits(parts)})
		}
	}
	braceCache.put(w, out)
	return out
}

func hasBraceLit(w *syntax.Word) bool {
	for _, p := range w.Parts {
		if l, ok := p.(*syntax.Lit); ok && strings.IndexByte(l.Value, '{') >= 0 {
			return true
		}
	}
	return false
}

// expandBraceParts returns every combination of the parts.
func expandBraceParts(parts []syntax.WordPart) [][]syntax.WordPart {
	acc := [][]syntax.WordPart{nil}
	for _, p := range parts {
		be, ok := p.(*syntax.BraceExp)
		if !ok {
			for i := range acc {
				acc[i] = append(acc[i], p)
			}
			continue
		}
		var alts [][]syntax.WordPart
		if be.Sequence {
			for _, s := range braceSeq(be) {
				alts = append(alts, []syntax.WordPart{&syntax.Lit{Value: s}})
			}
			if alts == nil {
				alts = [][]syntax.WordPart{{&syntax.Lit{Value: printBrace(be)}}}
			}
		} else {
			for _, e := range be.Elems {
				alts = append(alts, expandBraceParts(e.Parts)...)
			}
		}
		var next [][]syntax.WordPart
		for _, a := range acc {
			for _, alt := range alts {
				n := make([]syntax.WordPart, 0, len(a)+len(alt))
				n = append(append(n, a...), alt...)
				next = append(next, n)
			}
		}
		acc = next
	}
	return acc
}

// mergeLits joins adjacent literals so tilde and escapes see one piece.
func mergeLits(parts []syntax.WordPart) []syntax.WordPart {
	var out []syntax.WordPart
	for _, p := range parts {
		if l, ok := p.(*syntax.Lit); ok && len(out) > 0 {
			if prev, ok := out[len(out)-1].(*syntax.Lit); ok {
				out[len(out)-1] = &syntax.Lit{ValuePos: prev.ValuePos, ValueEnd: l.ValueEnd, Value: prev.Value + l.Value}
				continue
			}
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		out = []syntax.WordPart{&syntax.Lit{}}
	}
	return out
}

// braceSeq expands {a..b[..n]}; nil if it is not a valid sequence.
func braceSeq(be *syntax.BraceExp) []string {
	lits := make([]string, len(be.Elems))
	for i, e := range be.Elems {
		lits[i] = e.Lit()
	}
	if len(lits) < 2 {
		return nil
	}
	step := int64(1)
	if len(lits) == 3 {
		n, err := strconv.ParseInt(lits[2], 10, 64)
		if err != nil {
			return nil
		}
		if n < 0 {
			n = -n
		}
		if n == 0 {
			n = 1
		}
		step = n
	}
	a, errA := strconv.ParseInt(lits[0], 10, 64)
	b, errB := strconv.ParseInt(lits[1], 10, 64)
	if errA == nil && errB == nil {
		width := 0
		if zeroPadded(lits[0]) || zeroPadded(lits[1]) {
			width = max(len(lits[0]), len(lits[1]))
		}
		var out []string
		if a <= b {
			for i := a; i <= b; i += step {
				out = append(out, padNum(i, width))
			}
		} else {
			for i := a; i >= b; i -= step {
				out = append(out, padNum(i, width))
			}
		}
		return out
	}
	if len(lits[0]) == 1 && len(lits[1]) == 1 && isLetter(lits[0][0]) && isLetter(lits[1][0]) {
		x, y := int64(lits[0][0]), int64(lits[1][0])
		var out []string
		if x <= y {
			for i := x; i <= y; i += step {
				out = append(out, string(rune(i)))
			}
		} else {
			for i := x; i >= y; i -= step {
				out = append(out, string(rune(i)))
			}
		}
		return out
	}
	return nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func zeroPadded(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return len(s) > 1 && s[0] == '0'
}

func padNum(n int64, width int) string {
	s := strconv.FormatInt(n, 10)
	if width == 0 {
		return s
	}
	neg := n < 0
	if neg {
		s = s[1:]
		width--
	}
	for len(s) < width {
		s = "0" + s
	}
	if neg {
		s = "-" + s
	}
	return s
}

// printBrace prints a brace expression back as text.
func printBrace(be *syntax.BraceExp) string {
	var b strings.Builder
	b.WriteByte('{')
	sep := ","
	if be.Sequence {
		sep = ".."
	}
	p := syntax.NewPrinter()
	for i, e := range be.Elems {
		if i > 0 {
			b.WriteString(sep)
		}
		p.Print(&b, e)
	}
	b.WriteByte('}')
	return b.String()
}

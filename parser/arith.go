package parser

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Bash evaluates arithmetic from text: it expands $x and $(cmd) in the
// expression, then parses the resulting string (so `x='1+2'; $((x*2))` is 6
// and errors quote the text). The library parses arithmetic into a tree, so
// after each parse we replace every arithmetic expression by a word holding
// its source text, parsed like a here-document body for its expansions.
// The shell's evaluator (shell/arith) then works on strings as bash does.

// rewriteArith replaces the arithmetic expressions under node. text is the
// source the node was parsed from; offsets are relative to its start.
func rewriteArith(node syntax.Node, text string) {
	word := func(x syntax.ArithmExpr) syntax.ArithmExpr {
		if x == nil || isTextWord(x) {
			return x
		}
		return TextWord(rawAt(text, x.Pos().Offset(), x.End().Offset()), x.Pos())
	}
	syntax.Walk(node, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.ArithmExp:
			if n.X != nil {
				n.X = arithWord(text, n.X, n.Left, n.Right, len("$(("), n.Bracket)
			}
			return false
		case *syntax.ArithmCmd:
			if n.X != nil {
				n.X = arithWord(text, n.X, n.Left, n.Right, len("(("), false)
			}
			return false
		case *syntax.TestClause:
			n.X = regroupTest(n.X)
			return true
		case *syntax.CStyleLoop:
			n.Init, n.Cond, n.Post = word(n.Init), word(n.Cond), word(n.Post)
			return false
		case *syntax.LetClause:
			for i, e := range n.Exprs {
				if !isTextWord(e) {
					n.Exprs[i] = shellWord(rawAt(text, e.Pos().Offset(), e.End().Offset()), e.Pos())
				}
			}
			return false
		case *syntax.ParamExp:
			n.Index = word(n.Index)
			if n.Slice != nil {
				n.Slice.Offset, n.Slice.Length = word(n.Slice.Offset), word(n.Slice.Length)
			}
		case *syntax.Assign:
			n.Index = word(n.Index)
		case *syntax.ArrayElem:
			n.Index = word(n.Index)
		}
		return true
	})
}

// arithWord turns the expression x of $(( )) or (( )) into a word holding
// its text: all that stands between the opening token (open bytes at left)
// and right, blanks included, unless own says that only x's own extent
// counts ($[ ]) or the library's positions do not allow it.
func arithWord(text string, x syntax.ArithmExpr, left, right syntax.Pos, open int, own bool) *syntax.Word {
	if s, ok := quotedArith(x, text); ok {
		return TextWord(s, x.Pos())
	}
	if own || right.Offset() < x.End().Offset() {
		return TextWord(rawAt(text, x.Pos().Offset(), x.End().Offset()), x.Pos())
	}
	return TextWord(rawAt(text, left.Offset()+uint(open), right.Offset()), x.Pos())
}

// rawAt slices text between two offsets, or returns "" if they are off.
func rawAt(text string, a, b uint) string {
	if int(b) > len(text) || a > b {
		return ""
	}
	return text[a:b]
}

// quotedArith recognises arithmetic text that error recovery wrapped in
// double quotes (see fixup) and returns the original text.
func quotedArith(x syntax.ArithmExpr, text string) (string, bool) {
	w, ok := x.(*syntax.Word)
	if !ok || len(w.Parts) != 1 {
		return "", false
	}
	dq, ok := w.Parts[0].(*syntax.DblQuoted)
	if !ok {
		return "", false
	}
	s := rawAt(text, dq.Left.Offset(), dq.Right.Offset())
	if !strings.HasPrefix(s, "\"") {
		return "", false
	}
	return strings.ReplaceAll(s[1:], "\\\"", "\""), true
}

// isTextWord reports whether x is a word (possibly already rewritten).
func isTextWord(x syntax.ArithmExpr) bool {
	_, ok := x.(*syntax.Word)
	return ok
}

// TextWord turns arithmetic source text into a word: a single literal when
// it needs no expansion, else a here-document style parse of it.
func TextWord(s string, pos syntax.Pos) *syntax.Word {
	if strings.ContainsAny(s, "$`") {
		if w, err := newParser().Document(strings.NewReader(s)); err == nil && len(w.Parts) > 0 {
			rewriteArith(w, s)
			return w
		}
	}
	return &syntax.Word{Parts: []syntax.WordPart{&syntax.Lit{ValuePos: pos, ValueEnd: pos, Value: s}}}
}

// shellWord parses s as one shell word (a `let` argument).
func shellWord(s string, pos syntax.Pos) *syntax.Word {
	var out *syntax.Word
	for w, err := range newParser().WordsSeq(strings.NewReader(s)) {
		if err == nil && out == nil {
			out = w
		}
	}
	if out == nil {
		return TextWord(s, pos)
	}
	return out
}

// RewriteArithWord prepares the arithmetic of a word parsed on its own
// (see rewriteArith); text is the source it was parsed from.
func RewriteArithWord(w *syntax.Word, text string) { rewriteArith(w, text) }

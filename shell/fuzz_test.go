package shell

import (
	"os"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"

	"gsh/parser"
)

// FuzzExpand feeds arbitrary words to the expansion code (parameters,
// arithmetic, patterns, braces, IFS splitting, globbing) to check that
// nothing panics or loops. Words with command or process substitution are
// skipped: they would run commands.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{
		`${x:-a b} "${x:=v}" ${#x} ${x:1:2} ${x/b/c} ${x//?/.} ${x^^} ${x,} ${x@Q} ${!x} ${!x*}`,
		`"$@" "$*" ${@:2} ${a[@]} ${a[*]:1} ${!a[@]} ${a[-1]} ${#a[@]} "${a[@]/x/y}"`,
		`$((1+2*3)) $((x++)) $((a[i]+=2)) $((1/0)) $((2**-1)) $(( 08 )) $((x=y=3))`,
		`{a,b}{1..3} {z..a..2} {01..10} x{,y}z ~/p ~root a=~:~ *.go [ab]* ?(x|y) !(a)`,
		`$'a\x41\u263a\c@' "a\"b\\c" 'q' "$x$y${z}" ${x#*/} ${x%%.*} ${x/#a/b} ${x/%a/b}`,
		`${x~} ${x~~} ${x:?err} ${x?} ${x+alt} ${x:+alt} ${#@} ${@} ${10} $0 $_ $- $$`,
	} {
		f.Add(s)
	}
	rt := NewRuntime(Config{Name: "gsh"})
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 2048 {
			return
		}
		var words []*syntax.Word
		func() {
			defer func() { recover() }() // the library's own parser bugs are not ours
			for w, err := range syntax.NewParser(syntax.Variant(syntax.LangBash)).WordsSeq(strings.NewReader(src)) {
				if err != nil || len(words) >= 64 {
					break
				}
				words = append(words, w)
			}
		}()
		sh := New(rt)
		null, _ := os.OpenFile(os.DevNull, os.O_RDWR, 0)
		defer null.Close()
		sh.fds = &fdTable{}
		for i := 0; i < 3; i++ {
			o := newOfile(null)
			o.keep = true
			sh.fds.setRaw(i, o)
		}
		sh.arg0 = "gsh"
		sh.params = []string{"a b", "", "c"}
		sh.cwd = os.TempDir()
		sh.vars.Set("x", "abc/def.ghi")
		sh.vars.AssignList("a", nil, false)
		sh.vars.SetIndex("a", 0, "x", false)
		sh.vars.SetIndex("a", 5, "y z", false)
		for _, w := range words {
			if hasSubst(w) {
				continue
			}
			parser.RewriteArithWord(w, src)
			sh.expandFields([]*syntax.Word{w})
			sh.expandLiteral(w)
			sh.expandPattern(w)
			sh.expandHeredoc(w)
		}
	})
}

func hasSubst(w *syntax.Word) bool {
	found := false
	syntax.Walk(w, func(n syntax.Node) bool {
		switch n.(type) {
		case *syntax.CmdSubst, *syntax.ProcSubst:
			found = true
		}
		return !found
	})
	return found
}

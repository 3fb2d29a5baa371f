package parser

import (
	"io"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// FuzzParse checks that no input makes the parser, its error recovery or
// its error messages panic. The seeds cover every recovery path.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"echo $(( 1 + ))", "(( 3 @ 4 ))", "let x = 1", "export 1x=2", "echo ${a[@@]}",
		"echo ${v:}x", "v=1; echo \"${v;}\"", "cat <<EOF\nabc", "for i in 1; echo; done",
		"echo (", "((", "[[ a == ]]", "if true; then fi", "echo 'abc", "x=(1 2",
		"case x in a) ;; esac esac", "f() {", "echo $((1 $op 2))", "a\x00b", "$((",
		"${", "echo ${a[", "let", "declare -a 'x=(", "(( $( ))", "\"$((\"",
		"time -v { echo; }", "time -pv (\n:\n)", "time -v if true\nthen :\nfi", "time -v -p for",
		"f() { time -v {; }", "time -v time -v {\n}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		Parse(src)
		IsIncomplete(src)
		Stream(newBufio(src), func([]*syntax.Stmt, string) bool { return true }, func(int, string) {})
	})
}

func TestParseRecoveryCases(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"echo $(( 1 + ))", ""},
		{"(( 3 @ 4 ))", ""},
		{"let x = 1", ""},
		{"echo ${v:}x", ""},
		{"if true; then fi", "syntax error near unexpected token 'fi'"},
		{"for i in 1; echo $i; done", "syntax error near unexpected token 'echo'"},
		{"echo (", "syntax error near unexpected token 'newline'"},
		{"[[ a == ]]", "unexpected argument ']]' to conditional binary operator"},
		{"echo 'abc", "unexpected EOF while looking for matching '''"},
		{"{ echo", "syntax error: unexpected end of file"},
	} {
		_, err := Parse(c.src)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("Parse(%q): error %q, want %q", c.src, got, c.want)
		}
	}
	// Arithmetic kept as text for the evaluator.
	f, err := Parse("echo $(( 1 + ))")
	if err != nil {
		t.Fatal(err)
	}
	var text string
	syntax.Walk(f, func(n syntax.Node) bool {
		if a, ok := n.(*syntax.ArithmExp); ok {
			text = a.X.(*syntax.Word).Lit()
		}
		return true
	})
	if strings.TrimSpace(text) != "1 +" {
		t.Errorf("arithmetic text %q", text)
	}
}

func newBufio(s string) *bufioReader { return &bufioReader{s: s} }

// bufioReader is a LineReader over a string.
type bufioReader struct{ s string }

func (b *bufioReader) ReadLine() ([]byte, error) {
	if b.s == "" {
		return nil, errEOF
	}
	i := strings.IndexByte(b.s, '\n')
	if i < 0 {
		line := b.s
		b.s = ""
		return []byte(line), errEOF
	}
	line := b.s[:i+1]
	b.s = b.s[i+1:]
	return []byte(line), nil
}

var errEOF = io.EOF

package tests

import (
	"reflect"
	"testing"
)

// TestCaseFormat checks the corpus file parser and writer.
func TestCaseFormat(t *testing.T) {
	src := `# preamble
=== first case
echo a
echo b
--- stdin
in
--- args x y
z w
--- stdout
a

--- status 3

=== second
printf x
--- stdout -n
x
--- differs: because
--- file
`
	cf, err := parseCorpus("mem", src)
	if err != nil {
		t.Fatal(err)
	}
	if len(cf.Cases) != 2 {
		t.Fatalf("got %d cases", len(cf.Cases))
	}
	c := cf.Cases[0]
	if c.Name != "first case" || c.Script != "echo a\necho b" || c.Stdin != "in\n" ||
		!reflect.DeepEqual(c.Args, []string{"x", "y", "z w"}) || c.Stdout != "a\n\n" || c.Status != 3 {
		t.Errorf("first case parsed wrong: %+v", c)
	}
	c = cf.Cases[1]
	if c.Stdout != "x" || c.Differs != "because" || !c.FileMode {
		t.Errorf("second case parsed wrong: %+v", c)
	}
	if got := cf.render(nil); got != src {
		t.Errorf("render changed the file:\n%s", got)
	}
	exp, err := expectationLines("a\n\n", "e", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"--- stdout", "a", "", "--- stderr -n", "e"}
	if !reflect.DeepEqual(exp, want) {
		t.Errorf("expectationLines = %q", exp)
	}
	exp, _ = expectationLines("\n", "", 0)
	if !reflect.DeepEqual(exp, []string{"--- stdout", "", "--- status 0"}) {
		t.Errorf("expectationLines = %q", exp)
	}
	w, err := splitWords(`-c 'echo "x"  y' "a b" c`)
	if err != nil || !reflect.DeepEqual(w, []string{"-c", `echo "x"  y`, "a b", "c"}) {
		t.Errorf("splitWords = %q, %v", w, err)
	}
}

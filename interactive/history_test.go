package interactive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHistoryNumbering(t *testing.T) {
	h := newHistory()
	for _, e := range []string{"a", "b", "c", "d"} {
		h.Add(e)
	}
	h.Trim(3)
	if h.First() != 2 || h.Next() != 5 {
		t.Fatalf("after trim: first %d next %d", h.First(), h.Next())
	}
	if e, _ := h.Get(2); e != "b" {
		t.Fatalf("entry 2 = %q", e)
	}
	h.Delete(3)
	if e, _ := h.Get(3); e != "d" || h.Next() != 4 {
		t.Fatalf("after delete: entry 3 %q next %d", e, h.Next())
	}
	h.EraseDups("b")
	if strings.Join(texts(h), ",") != "d" {
		t.Fatalf("after erasedups: %q", texts(h))
	}
	h.Clear()
	if h.Next() != 1 || h.Len() != 0 {
		t.Fatal("clear")
	}
}

func TestHistoryFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "h")
	h := newHistory()
	h.Add("one")
	h.Add("two\nlines")
	if err := h.WriteFile(path, true); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
	// With timestamps a multi-line entry comes back whole.
	h2 := newHistory()
	h2.ReadFile(path)
	if strings.Join(texts(h2), "|") != "one|two\nlines" {
		t.Fatalf("read back %q", texts(h2))
	}
	h.Add("three")
	h.AppendFile(path, false)
	data, _ := os.ReadFile(path)
	if !strings.HasSuffix(string(data), "lines\nthree\n") {
		t.Fatalf("appended: %q", data)
	}
	// Without timestamps each line is an entry; truncation keeps the end.
	os.WriteFile(path, []byte("a\nb\nc\nd\n"), 0600)
	truncateHistFile(path, 2)
	if data, _ := os.ReadFile(path); string(data) != "c\nd\n" {
		t.Fatalf("truncated: %q", data)
	}
	os.WriteFile(path, []byte("#1\na\n#2\nb\n#3\nc\n"), 0600)
	truncateHistFile(path, 2)
	if data, _ := os.ReadFile(path); string(data) != "#2\nb\n#3\nc\n" {
		t.Fatalf("truncated with stamps: %q", data)
	}
}

func TestJoinLines(t *testing.T) {
	cases := map[string]string{
		"for i in 1 2\ndo echo $i\ndone": "for i in 1 2; do echo $i; done",
		"if true\nthen\necho a\nfi":      "if true; then echo a; fi",
		"echo a |\ncat":                  "echo a | cat",
		"f() {\necho x\n}":               "f() { echo x; }",
		"echo 'a\nb'":                    "echo 'a\nb'",
		"cat <<EOF\nhello\nEOF":          "cat <<EOF\nhello\nEOF",
		"echo a # c\necho b":             "echo a # c\necho b",
	}
	for in, want := range cases {
		if got := joinLines(strings.Split(in, "\n")); got != want {
			t.Errorf("joinLines(%q) = %q, want %q", in, got, want)
		}
	}
}

// texts returns the entries' texts, oldest first.
func texts(h *History) []string {
	out := make([]string, len(h.entries))
	for i, e := range h.entries {
		out[i] = e.text
	}
	return out
}

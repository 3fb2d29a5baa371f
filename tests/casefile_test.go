package tests

// Parsing and writing of corpus files (tests/corpus/*.test).
// The format is described in tests/corpus/README.md.

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// A corpusCase is one "=== name" block of a corpus file.
type corpusCase struct {
	Name string
	Line int // line of the "===" header, 1-based

	Script string // the script text (lines joined by "\n", no final newline)

	Stdin    string // data fed on standard input (an empty pipe if absent)
	Args     []string
	FileMode bool     // "--- file": run as `<shell> script.sh args...`
	Invoke   []string // "--- invoke ...": run as `<shell> words...` (script in script.sh)
	IsInvoke bool
	Differs  string // "--- differs: reason": gsh deliberately differs from bash

	Stdout string
	Stderr string
	Status int

	// inputLines are the raw lines of the header, script and input
	// sections (everything except stdout/stderr/status), kept verbatim
	// for rewriting in record mode. allLines is the whole block.
	inputLines []string
	allLines   []string
}

// A corpusFile is a parsed corpus file.
type corpusFile struct {
	Path     string
	Preamble []string // lines before the first case (comments)
	Cases    []*corpusCase
}

// sectionKinds are the words that may follow "--- " on a section header.
var sectionKinds = map[string]bool{
	"stdin": true, "args": true, "file": true, "invoke": true,
	"differs": true, "differs:": true,
	"stdout": true, "stderr": true, "status": true,
}

// isCaseHeader reports whether line starts a case.
func isCaseHeader(line string) bool { return strings.HasPrefix(line, "=== ") }

// sectionHeader splits a section header line into its kind and the rest;
// ok is false if line is not a section header.
func sectionHeader(line string) (kind, rest string, ok bool) {
	if !strings.HasPrefix(line, "--- ") {
		return "", "", false
	}
	f := strings.TrimSpace(line[4:])
	kind, rest, _ = strings.Cut(f, " ")
	if !sectionKinds[kind] {
		return "", "", false
	}
	return strings.TrimSuffix(kind, ":"), strings.TrimSpace(rest), true
}

func parseCorpusFile(path string) (*corpusFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseCorpus(path, string(data))
}

// parseCorpus parses the text of a corpus file.
func parseCorpus(path, text string) (*corpusFile, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	cf := &corpusFile{Path: path}
	i := 0
	for i < len(lines) && !isCaseHeader(lines[i]) {
		cf.Preamble = append(cf.Preamble, lines[i])
		i++
	}
	seen := map[string]int{}
	for i < len(lines) {
		start := i
		j := i + 1
		for j < len(lines) && !isCaseHeader(lines[j]) {
			j++
		}
		block := lines[start:j]
		// Blank lines before the next case (or the end) separate cases.
		for len(block) > 1 && strings.TrimSpace(block[len(block)-1]) == "" {
			block = block[:len(block)-1]
		}
		c, err := parseCase(block, start+1)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, start+1, err)
		}
		if prev, dup := seen[c.Name]; dup {
			return nil, fmt.Errorf("%s:%d: duplicate case name %q (first at line %d)", path, start+1, c.Name, prev)
		}
		seen[c.Name] = start + 1
		cf.Cases = append(cf.Cases, c)
		i = j
	}
	return cf, nil
}

// sectionBody turns body lines into text: lines joined with "\n" plus a
// final newline, unless noNewline ("-n") is set or there are no lines.
func sectionBody(body []string, noNewline bool) string {
	if len(body) == 0 {
		return ""
	}
	s := strings.Join(body, "\n")
	if !noNewline {
		s += "\n"
	}
	return s
}

func parseCase(block []string, lineno int) (*corpusCase, error) {
	c := &corpusCase{
		Name:     strings.TrimSpace(strings.TrimPrefix(block[0], "===")),
		Line:     lineno,
		allLines: block,
	}
	if c.Name == "" {
		return nil, fmt.Errorf("case without a name")
	}
	if strings.ContainsAny(c.Name, "/") {
		return nil, fmt.Errorf("case name %q contains '/'", c.Name)
	}
	// Split into the script and the sections.
	type section struct {
		kind, rest string
		body       []string
		line       int
	}
	var script []string
	var secs []*section
	for k, l := range block[1:] {
		if kind, rest, ok := sectionHeader(l); ok {
			secs = append(secs, &section{kind: kind, rest: rest, line: lineno + 1 + k})
			continue
		}
		if len(secs) == 0 {
			script = append(script, l)
		} else {
			s := secs[len(secs)-1]
			s.body = append(s.body, l)
		}
	}
	c.Script = strings.Join(script, "\n")
	c.inputLines = append(c.inputLines, block[0])
	c.inputLines = append(c.inputLines, script...)
	seen := map[string]bool{}
	for _, s := range secs {
		if seen[s.kind] {
			return nil, fmt.Errorf("line %d: section %q given twice", s.line, s.kind)
		}
		seen[s.kind] = true
		noNL := false
		switch s.kind {
		case "stdin", "stdout", "stderr":
			switch s.rest {
			case "":
			case "-n":
				noNL = true
			default:
				return nil, fmt.Errorf("line %d: unexpected %q after --- %s (only -n)", s.line, s.rest, s.kind)
			}
		case "file", "status", "differs":
			if len(s.body) > 0 {
				return nil, fmt.Errorf("line %d: section %q takes no body", s.line, s.kind)
			}
		}
		switch s.kind {
		case "stdin":
			c.Stdin = sectionBody(s.body, noNL)
		case "stdout":
			c.Stdout = sectionBody(s.body, noNL)
		case "stderr":
			c.Stderr = sectionBody(s.body, noNL)
		case "status":
			n, err := strconv.Atoi(s.rest)
			if err != nil {
				return nil, fmt.Errorf("line %d: bad status %q", s.line, s.rest)
			}
			c.Status = n
		case "args":
			words, err := splitWords(s.rest)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", s.line, err)
			}
			c.Args = append(words, s.body...)
		case "file":
			c.FileMode = true
		case "invoke":
			words, err := splitWords(s.rest)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", s.line, err)
			}
			c.Invoke = append(words, s.body...)
			c.IsInvoke = true
		case "differs":
			if s.rest == "" {
				return nil, fmt.Errorf("line %d: --- differs needs a reason", s.line)
			}
			c.Differs = s.rest
		}
		switch s.kind {
		case "stdout", "stderr", "status":
		default:
			hdr := block[s.line-lineno]
			c.inputLines = append(c.inputLines, hdr)
			c.inputLines = append(c.inputLines, s.body...)
		}
	}
	if strings.TrimSpace(c.Script) == "" && !c.IsInvoke {
		return nil, fmt.Errorf("empty script (the script comes right after the === line, before any section)")
	}
	if c.FileMode && c.IsInvoke {
		return nil, fmt.Errorf("--- file and --- invoke exclude each other")
	}
	if c.IsInvoke && len(c.Args) > 0 {
		return nil, fmt.Errorf("--- args cannot be used with --- invoke (put them in the invoke line)")
	}
	if seen["differs"] && !seen["stdout"] && !seen["stderr"] && !seen["status"] {
		return nil, fmt.Errorf("a --- differs case must state its expectations by hand")
	}
	return c, nil
}

// splitWords splits an invoke line into words. Words are separated by
// blanks; '...' and "..." quote literally (no escapes, no expansion).
func splitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case ch == '\'' || ch == '"':
			end := strings.IndexByte(s[i+1:], ch)
			if end < 0 {
				return nil, fmt.Errorf("unterminated %c in %q", ch, s)
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// expectationLines renders the expectation sections of a recorded result.
func expectationLines(stdout, stderr string, status int) ([]string, error) {
	var out []string
	endsBlank := false
	emit := func(kind, text string) error {
		if text == "" {
			return nil
		}
		hdr := "--- " + kind
		body := text
		if strings.HasSuffix(text, "\n") {
			body = strings.TrimSuffix(text, "\n")
		} else {
			hdr += " -n"
		}
		lines := strings.Split(body, "\n")
		for _, l := range lines {
			if isCaseHeader(l) {
				return fmt.Errorf("%s line %q would read as a case header", kind, l)
			}
			if _, _, ok := sectionHeader(l); ok {
				return fmt.Errorf("%s line %q would read as a section header", kind, l)
			}
		}
		out = append(out, hdr)
		out = append(out, lines...)
		endsBlank = strings.TrimSpace(lines[len(lines)-1]) == ""
		return nil
	}
	if err := emit("stdout", stdout); err != nil {
		return nil, err
	}
	if err := emit("stderr", stderr); err != nil {
		return nil, err
	}
	if status != 0 || endsBlank {
		out = append(out, fmt.Sprintf("--- status %d", status))
	}
	return out, nil
}

// render produces the text of a corpus file. For each case, recorded
// holds the new expectation lines, or nil to keep the case verbatim.
func (cf *corpusFile) render(recorded map[*corpusCase][]string) string {
	var b strings.Builder
	for _, l := range cf.Preamble {
		b.WriteString(l + "\n")
	}
	for i, c := range cf.Cases {
		lines := c.allLines
		if exp, ok := recorded[c]; ok && exp != nil {
			lines = append(append([]string{}, c.inputLines...), exp...)
		}
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		if i < len(cf.Cases)-1 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

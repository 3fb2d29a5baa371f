package builtins

import (
	"strings"

	"gsh/shell/vars"
)

// Field splitting for read, following bash's read builtin rather than
// general word splitting: the last variable gets the rest of the line
// with its separators, minus trailing IFS white space, unless exactly one
// field is left.

func spcTabNL(b byte) bool { return b == ' ' || b == '\t' || b == '\n' }

type ifsSet string

func (s ifsSet) has(b byte) bool { return strings.IndexByte(string(s), b) >= 0 }

// isWS reports IFS white space: space, tab or newline that is in IFS.
func (s ifsSet) isWS(c rchar) bool { return !c.q && spcTabNL(c.b) && s.has(c.b) }

// isSep reports an unescaped IFS character.
func (s ifsSet) isSep(c rchar) bool { return !c.q && s.has(c.b) }

// getWord extracts the next field of s as bash's get_word_from_string
// does and returns it with the rest of s past its delimiter. word is nil
// when s held only white space.
func (s ifsSet) getWord(in []rchar) (word, rest []rchar) {
	i := 0
	if s == " \t\n" {
		for i < len(in) && !in[i].q && spcTabNL(in[i].b) {
			i++
		}
		if i == len(in) {
			return nil, in[i:]
		}
	}
	start := i
	for i < len(in) && !s.isSep(in[i]) {
		i++
	}
	word = in[start:i:i]
	if word == nil {
		word = []rchar{}
	}
	return word, in[s.skipDelim(in, i):]
}

// skipDelim steps over the delimiter at in[i]: the separator itself, IFS
// white space around it and, after a white-space separator, one
// non-white-space separator (so "a , b" with IFS=", " is two fields).
func (s ifsSet) skipDelim(in []rchar, i int) int {
	whitesep := i < len(in) && spcTabNL(in[i].b)
	if i < len(in) {
		i++
	}
	for i < len(in) && s.isWS(in[i]) {
		i++
	}
	if i < len(in) && whitesep && s.isSep(in[i]) && !spcTabNL(in[i].b) {
		i++
		for i < len(in) && s.isWS(in[i]) {
			i++
		}
	}
	return i
}

// stripTrailingWS removes trailing IFS white space, escaped or not, as
// bash's strip_trailing_ifs_whitespace does; it never removes the first
// character unless that one was escaped.
func (s ifsSet) stripTrailingWS(in []rchar) []rchar {
	j := len(in) - 1
	for j >= 0 && (j > 0 || in[j].q) && spcTabNL(in[j].b) && s.has(in[j].b) {
		j--
	}
	return in[:j+1]
}

// splitAll splits the line into every field, for read -a (bash's
// list_string): empty fields only come from non-white-space separators.
func (s ifsSet) splitAll(in []rchar) []string {
	if s == "" {
		if len(in) == 0 {
			return nil
		}
		return []string{rstring(in)}
	}
	var out []string
	i := 0
	for i < len(in) && s.isWS(in[i]) {
		i++
	}
	for i < len(in) {
		start := i
		for i < len(in) && !s.isSep(in[i]) {
			i++
		}
		switch {
		case i > start:
			out = append(out, rstring(in[start:i]))
		case s != " \t\n" && !(i < len(in) && spcTabNL(in[i].b)):
			out = append(out, "")
		}
		i = s.skipDelim(in, i)
	}
	return out
}

func rstring(in []rchar) string {
	b := make([]byte, len(in))
	for i, c := range in {
		b[i] = c.b
	}
	return string(b)
}

// assignRead stores the line read into REPLY, the array, or the names.
// It returns 0, or 1 after an assignment error (reported).
func assignRead(sh Shell, o *readOpts, line []rchar) int {
	ifsVal, set := sh.Vars().Value("IFS")
	if !set {
		ifsVal = " \t\n"
	}
	ifs := ifsSet(ifsVal)
	if o.ignoreDelim {
		ifs = ""
	}
	if o.array != "" {
		return assignReadArray(sh, o.array, ifs.splitAll(line))
	}
	if len(o.names) == 0 {
		return setVarRef(sh, "REPLY", rstring(line))
	}
	in := line
	if ifs != "" {
		for len(in) > 0 && ifs.isWS(in[0]) {
			in = in[1:]
		}
	}
	last := len(o.names) - 1
	for _, name := range o.names[:last] {
		if !validVarRef(name) {
			sh.Errorf("read: '%s': not a valid identifier", name)
			return 1
		}
		var w []rchar
		if len(in) > 0 {
			w, in = ifs.getWord(in)
		}
		if st := setVarRef(sh, name, rstring(w)); st != 0 {
			return st
		}
	}
	name := o.names[last]
	if !validVarRef(name) {
		sh.Errorf("read: '%s': not a valid identifier", name)
		return 1
	}
	if len(in) > 0 {
		w, rest := ifs.getWord(in)
		if len(rest) == 0 {
			in = w
		} else {
			in = ifs.stripTrailingWS(in)
		}
	}
	return setVarRef(sh, name, rstring(in))
}

func assignReadArray(sh Shell, name string, fields []string) int {
	if v := sh.Vars().Get(name); v != nil && v.Has(vars.Assoc) {
		sh.Errorf("read: %s: not an indexed array", name)
		return 1
	}
	elems := make([]vars.Elem, len(fields))
	for i, f := range fields {
		elems[i] = vars.Elem{Value: f}
	}
	if err := sh.Vars().AssignList(name, elems, false); err != nil {
		sh.Errorf("%s", err)
		return 1
	}
	return 0
}

// validVarRef accepts a variable name or an array element "name[sub]".
func validVarRef(s string) bool {
	_, _, _, ok := splitVarRef(s)
	return ok
}

// setVarRef assigns value to a variable or array element, returning 1
// after reporting an error as bash does ("x: readonly variable").
func setVarRef(sh Shell, ref, value string) int {
	if !assignVarRef(sh, "read", ref, value) {
		return 1
	}
	return 0
}

package shell

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/parser"
	"gsh/shell/vars"
)

// pval is the value of a parameter before it is added to fields.
type pval struct {
	s      string
	list   []string
	isList bool // from @ or *: one value per element
	star   bool // * form: joined when quoted
	set    bool
	name   string // variable name (assignments, messages)
	pos    bool   // positional parameters ($@ $*), for slicing from $0
}

func (v *pval) joined(sh *Shell) string {
	if !v.isList {
		return v.s
	}
	sep := " "
	if v.star {
		sep = firstIFS(sh)
	}
	return strings.Join(v.list, sep)
}

func firstIFS(sh *Shell) string {
	ifs, ok := sh.vars.Value("IFS")
	if !ok {
		return " "
	}
	if ifs == "" {
		return ""
	}
	_, n := utf8.DecodeRuneInString(ifs)
	return ifs[:n]
}

// paramErrStatus is the exit status of a shell ended by ${x:?} or set -u:
// bash gives 127 at the top of a -c string and 1 elsewhere.
func (sh *Shell) paramErrStatus() int {
	if sh.rt.dashC && !sh.subshell {
		return 127
	}
	return 1
}

func badSubst(pe *syntax.ParamExp) error {
	return &expErr{msg: "${" + printParam(pe) + "}: bad substitution", status: 1}
}

// paramInto expands pe into fb.
func (sh *Shell) paramInto(fb *fieldBuilder, pe *syntax.ParamExp, quoted bool) error {
	if pe.Exp != nil {
		switch op := pe.Exp.Op; op {
		case syntax.DefaultUnset, syntax.DefaultUnsetOrNull,
			syntax.AlternateUnset, syntax.AlternateUnsetOrNull,
			syntax.AssignUnset, syntax.AssignUnsetOrNull,
			syntax.ErrorUnset, syntax.ErrorUnsetOrNull:
			return sh.paramCondInto(fb, pe, quoted)
		}
	}
	v, err := sh.paramValue(pe)
	if err != nil {
		return err
	}
	sh.addPval(fb, &v, quoted)
	return nil
}

func (sh *Shell) addPval(fb *fieldBuilder, v *pval, quoted bool) {
	if !v.isList {
		if quoted {
			fb.addQuoted(v.s)
		} else {
			fb.addSplit(v.s)
		}
		return
	}
	if !fb.split || quoted && v.star {
		// One string: "$*" everywhere, and any list where no fields are
		// made (assignments, [[ ]], case, here-documents, patterns).
		// bash joins $* with IFS's first character, $@ with spaces.
		sep := " "
		if v.star {
			sep = firstIFS(sh)
		}
		if joined := strings.Join(v.list, sep); quoted {
			fb.addQuoted(joined)
		} else {
			fb.addLit(joined)
		}
		return
	}
	if quoted {
		for i, e := range v.list {
			if i > 0 {
				fb.breakField()
			}
			fb.addQuoted(e)
		}
		return
	}
	for i, e := range v.list {
		if i > 0 && fb.start && fb.delim == dlNone {
			fb.flush()
		}
		if fb.ifs == "" {
			if e != "" {
				fb.addLit(e)
			}
			continue
		}
		fb.addSplit(e)
	}
}

// paramCondInto handles ${x-w} ${x:-w} ${x+w} ${x=w} ${x?w} and their
// colon forms; the chosen word is expanded in the caller's quoting context.
func (sh *Shell) paramCondInto(fb *fieldBuilder, pe *syntax.ParamExp, quoted bool) error {
	base := *pe
	base.Exp = nil
	v, err := sh.paramBase(&base, false)
	if err != nil {
		return err
	}
	op := pe.Exp.Op
	colon := op == syntax.DefaultUnsetOrNull || op == syntax.AlternateUnsetOrNull ||
		op == syntax.AssignUnsetOrNull || op == syntax.ErrorUnsetOrNull
	present := v.set
	if present && colon {
		if v.isList {
			present = len(v.list) > 0 && v.joined(sh) != ""
		} else {
			present = v.s != ""
		}
	}
	word := func() error {
		if pe.Exp.Word == nil {
			if quoted {
				fb.addQuoted("")
			}
			return nil
		}
		return sh.expandWordInto(fb, pe.Exp.Word.Parts, quoted, !quoted)
	}
	switch op {
	case syntax.DefaultUnset, syntax.DefaultUnsetOrNull:
		if present {
			sh.addPval(fb, &v, quoted)
			return nil
		}
		return word()
	case syntax.AlternateUnset, syntax.AlternateUnsetOrNull:
		if present {
			return word()
		}
		if quoted {
			fb.addQuoted("")
		}
		return nil
	case syntax.AssignUnset, syntax.AssignUnsetOrNull:
		if present {
			sh.addPval(fb, &v, quoted)
			return nil
		}
		if v.isList || v.name == "" || !vars.ValidName(v.name) {
			return &expErr{msg: "$" + printParam(&base) + ": cannot assign in this way", status: 1, level: failLine}
		}
		val, err := sh.expandAssignValue(pe.Exp.Word)
		if err != nil {
			return err
		}
		if err := sh.assignParam(&base, v.name, val); err != nil {
			return &expErr{msg: err.Error(), status: 1, level: failLinePosix}
		}
		nv := pval{s: val, set: true}
		if vv := sh.vars.Get(v.name); vv != nil && base.Index == nil {
			nv.s = vv.Str()
		}
		sh.addPval(fb, &nv, quoted)
		return nil
	default: // ? and :?
		if present {
			sh.addPval(fb, &v, quoted)
			return nil
		}
		msg := "parameter null or not set"
		if !colon {
			msg = "parameter not set"
		}
		if pe.Exp.Word != nil {
			m, err := sh.expandLiteral(pe.Exp.Word)
			if err != nil {
				return err
			}
			msg = m
		}
		name := printParam(&base)
		return &expErr{msg: name + ": " + msg, status: sh.paramErrStatus(), level: failExit}
	}
}

// assignParam assigns val to the variable (or element) of pe.
func (sh *Shell) assignParam(pe *syntax.ParamExp, name, val string) error {
	if pe.Index == nil {
		return sh.vars.Set(name, val)
	}
	v := sh.vars.Get(name)
	if v != nil && v.Has(vars.Assoc) {
		k, err := sh.expandLiteral(pe.Index.(*syntax.Word))
		if err != nil {
			return err
		}
		return sh.vars.SetKey(name, k, val, false)
	}
	n, err := sh.arithWord(pe.Index)
	if err != nil {
		return err
	}
	return sh.vars.SetIndex(name, n, val, false)
}

// printParam prints the inside of ${...} for messages.
func printParam(pe *syntax.ParamExp) string {
	var b strings.Builder
	p := syntax.NewPrinter()
	p.Print(&b, &syntax.Word{Parts: []syntax.WordPart{pe}})
	s := b.String()
	s = strings.TrimPrefix(s, "$")
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
		s = s[1 : len(s)-1]
	}
	return s
}

// paramValue computes the value of pe with its operator applied.
func (sh *Shell) paramValue(pe *syntax.ParamExp) (pval, error) {
	if pe.Excl && pe.Names != 0 { // ${!prefix*} ${!prefix@}
		var names []string
		for _, n := range sh.vars.Names() {
			if strings.HasPrefix(n, pe.Param.Value) {
				if v := sh.vars.Raw(n); v != nil && (v.IsSet() || v.IsArray()) {
					names = append(names, n)
				}
			}
		}
		return pval{list: names, isList: true, star: pe.Names == syntax.NamesPrefix, set: true}, nil
	}
	if pe.Excl && pe.Index != nil && isAllIndex(pe.Index) { // ${!a[@]}
		v := sh.getVar(pe.Param.Value)
		var keys []string
		if v != nil {
			keys = v.Keys()
		}
		return pval{list: keys, isList: true, star: indexLit(pe.Index) == "*", set: v.IsSet()}, nil
	}
	v, err := sh.paramBase(pe, pe.Exp == nil && pe.Repl == nil && pe.Slice == nil && !pe.Length)
	if err != nil {
		return v, err
	}
	switch {
	case pe.Length:
		if pe.Slice != nil || pe.Repl != nil || pe.Exp != nil {
			return v, badSubst(pe)
		}
		if v.isList {
			return pval{s: strconv.Itoa(len(v.list)), set: true}, nil
		}
		return pval{s: strconv.Itoa(sh.strLen(v.s)), set: true}, nil
	case pe.Slice != nil:
		return sh.sliceParam(pe, v)
	case pe.Repl != nil:
		return sh.replParam(pe, v)
	case pe.Exp != nil:
		return sh.opParam(pe, v)
	}
	return v, nil
}

func isAllIndex(x syntax.ArithmExpr) bool {
	l := indexLit(x)
	return l == "@" || l == "*"
}

func indexLit(x syntax.ArithmExpr) string {
	if w, ok := x.(*syntax.Word); ok && len(w.Parts) == 1 {
		if l, ok := w.Parts[0].(*syntax.Lit); ok {
			return l.Value
		}
	}
	return ""
}

// paramBase fetches the parameter's value(s) and checks set -u. plain
// tells whether no operator follows (set -u applies then).
func (sh *Shell) paramBase(pe *syntax.ParamExp, checkUnset bool) (pval, error) {
	if pe.Param == nil {
		return pval{}, badSubst(pe)
	}
	name := pe.Param.Value
	if orig, ok := parser.DecodeBadSubst(name); ok {
		// bash checks a transformation operator (${x@Z}) when it runs
		// the command, which alone fails; other bad forms abandon the line.
		level := failLinePosix
		if at := strings.LastIndexByte(orig, '@'); at > 2 && len(orig)-at <= 3 && vars.ValidName(strings.TrimPrefix(orig[2:at], "!")) {
			level = failExit // an unknown ${x@Z} ends a script in bash
		}
		return pval{}, &expErr{msg: orig + ": bad substitution", status: 1, level: level}
	}
	if pe.Excl && !pe.Length {
		return sh.indirect(pe, checkUnset)
	}
	v := sh.special(name)
	if v == nil {
		var err error
		vv, err := sh.varValue(name, pe.Index)
		if err != nil {
			return vv, err
		}
		v = &vv
	} else if pe.Index != nil {
		if !isAllIndex(pe.Index) {
			return pval{}, badSubst(pe)
		}
	}
	if checkUnset && !v.set && sh.opts[optNounset] && !v.isList {
		n := name
		if name[0] >= '0' && name[0] <= '9' {
			n = "$" + name
		}
		if pe.Index != nil && !v.isList {
			n = printParam(&syntax.ParamExp{Param: pe.Param, Index: pe.Index})
		}
		return *v, &expErr{msg: n + ": unbound variable", status: sh.paramErrStatus(), level: failExit}
	}
	return *v, nil
}

// special returns the value of a special parameter, or nil for a variable.
func (sh *Shell) special(name string) *pval {
	c := name[0]
	if c >= '0' && c <= '9' {
		n, err := strconv.Atoi(name)
		if err != nil {
			return &pval{}
		}
		if n == 0 {
			return &pval{s: sh.arg0, set: true}
		}
		if n <= len(sh.params) {
			return &pval{s: sh.params[n-1], set: true}
		}
		return &pval{name: name}
	}
	if len(name) != 1 {
		return nil
	}
	switch c {
	case '@', '*':
		return &pval{list: sh.params, isList: true, star: c == '*', set: len(sh.params) > 0, pos: true}
	case '#':
		return &pval{s: strconv.Itoa(len(sh.params)), set: true}
	case '?':
		return &pval{s: strconv.Itoa(sh.status), set: true}
	case '$':
		return &pval{s: strconv.Itoa(sh.rt.pid), set: true}
	case '!':
		if sh.lastBg == 0 {
			return &pval{}
		}
		return &pval{s: strconv.Itoa(sh.lastBg), set: true}
	case '-':
		return &pval{s: sh.dollarDash(), set: true}
	case '_':
		return &pval{s: sh.lastArg, set: true}
	}
	return nil
}

// varValue reads a variable, with an optional subscript.
func (sh *Shell) varValue(name string, idx syntax.ArithmExpr) (pval, error) {
	v := sh.getVar(name)
	if idx == nil {
		s, ok := v.Value()
		return pval{s: s, set: ok, name: name}, nil
	}
	if isAllIndex(idx) {
		p := pval{isList: true, star: indexLit(idx) == "*", name: name}
		if v != nil && v.IsSet() {
			p.list = v.Elements()
			p.set = len(p.list) > 0
		}
		return p, nil
	}
	if v != nil && v.Has(vars.Assoc) {
		key, err := sh.expandLiteral(idx.(*syntax.Word))
		if err != nil {
			return pval{}, err
		}
		s, ok := v.Map().Get(key)
		return pval{s: s, set: ok, name: name}, nil
	}
	n, err := sh.arithWord(idx)
	if err != nil {
		// bash abandons the line for a bad subscript, even in POSIX mode.
		return pval{}, capLevel(sh.arithExpErr(err), failLine)
	}
	if v == nil || !v.IsSet() {
		return pval{name: name}, nil
	}
	if !v.IsArray() {
		if n == 0 || n == -1 {
			return pval{s: v.Str(), set: true, name: name}, nil
		}
		return pval{name: name}, nil
	}
	n, ok := v.Array().Abs(n)
	if !ok {
		sh.errorf("%s: bad array subscript", name)
		return pval{name: name}, nil
	}
	s, ok := v.Array().Get(n)
	return pval{s: s, set: ok, name: name}, nil
}

// indirect implements ${!name}: the value of name names the parameter.
func (sh *Shell) indirect(pe *syntax.ParamExp, checkUnset bool) (pval, error) {
	name := pe.Param.Value
	if raw := sh.vars.Raw(name); raw != nil && raw.Has(vars.NameRef) && pe.Index == nil {
		return pval{s: raw.RefName(), set: true}, nil
	}
	ref, err := sh.varValue(name, pe.Index)
	if sp := sh.special(name); sp != nil && err == nil {
		ref = *sp
	}
	if err != nil {
		return ref, err
	}
	if !ref.set {
		if sh.opts[optNounset] && checkUnset {
			return ref, &expErr{msg: name + ": unbound variable", status: sh.paramErrStatus(), level: failExit}
		}
		return pval{}, &expErr{msg: name + ": invalid indirect expansion", status: 1, level: failLine}
	}
	target := ref.joined(sh)
	tw, err := parseParamRef(target)
	if err != nil {
		return pval{}, &expErr{msg: target + ": invalid variable name", status: 1, level: failLine}
	}
	inner := *pe
	inner.Excl = false
	inner.Param = tw.Param
	inner.Index = tw.Index
	return sh.paramBase(&inner, checkUnset)
}

// parseParamRef parses "name", "name[sub]", "@", "3" as a parameter.
func parseParamRef(s string) (*syntax.ParamExp, error) {
	if s == "" {
		return nil, strconv.ErrSyntax
	}
	name, sub, hasSub := s, "", false
	if i := strings.IndexByte(s, '['); i > 0 && strings.HasSuffix(s, "]") {
		name, sub, hasSub = s[:i], s[i+1:len(s)-1], true
	}
	ok := vars.ValidName(name) || len(name) == 1 && strings.Contains("@*#?$!-_", name)
	if !ok {
		if _, err := strconv.Atoi(name); err != nil {
			return nil, strconv.ErrSyntax
		}
	}
	pe := &syntax.ParamExp{Param: &syntax.Lit{Value: name}}
	if hasSub {
		pe.Index = parserTextWord(sub)
	}
	return pe, nil
}

// strLen is a length in characters (bytes in a non-UTF-8 locale).
func (sh *Shell) strLen(s string) int {
	if sh.utf8() {
		return utf8.RuneCountInString(s)
	}
	return len(s)
}

// sliceParam implements ${x:off:len}.
func (sh *Shell) sliceParam(pe *syntax.ParamExp, v pval) (pval, error) {
	// An error in the offset or length abandons the command line (a
	// nested $((...)) keeps its own level).
	off, err := sh.arithWord(pe.Slice.Offset)
	if err != nil {
		return v, lineErr(err)
	}
	hasLen := pe.Slice.Length != nil
	var length int64
	if hasLen {
		if length, err = sh.arithWord(pe.Slice.Length); err != nil {
			return v, lineErr(err)
		}
	}
	if v.isList {
		list := v.list
		if v.pos {
			list = append([]string{sh.arg0}, list...)
		} else if vv := sh.getVar(v.name); vv != nil && vv.Has(vars.Indexed) && pe.Index != nil {
			// Arrays slice by index, not position.
			start, ok := vv.Array().Abs(off)
			if !ok {
				return pval{isList: true, star: v.star, set: v.set}, nil
			}
			list = vv.Array().From(start)
			off = 0
		}
		n := int64(len(list))
		if off < 0 {
			off += n
			if off < 0 {
				return pval{isList: true, star: v.star, set: v.set}, nil
			}
		}
		if off > n {
			off = n
		}
		end := n
		if hasLen {
			if length < 0 {
				return v, &expErr{msg: printNodeText(pe.Slice.Length) + ": substring expression < 0", status: 1, level: failLine}
			}
			if off+length < end {
				end = off + length
			}
		}
		return pval{list: list[off:end], isList: true, star: v.star, set: v.set}, nil
	}
	s := v.s
	if sh.utf8() && !isASCII(s) {
		r := []rune(s)
		a, b, err := sliceBounds(int64(len(r)), off, length, hasLen, pe)
		if err != nil {
			return v, err
		}
		return pval{s: string(r[a:b]), set: v.set}, nil
	}
	a, b, err := sliceBounds(int64(len(s)), off, length, hasLen, pe)
	if err != nil {
		return v, err
	}
	return pval{s: s[a:b], set: v.set}, nil
}

func sliceBounds(n, off, length int64, hasLen bool, pe *syntax.ParamExp) (int64, int64, error) {
	if off < 0 {
		off += n
		if off < 0 {
			return 0, 0, nil
		}
	}
	if off > n {
		return n, n, nil
	}
	end := n
	if hasLen {
		if length < 0 {
			end = n + length
			if end < off {
				return 0, 0, &expErr{msg: printNodeText(pe.Slice.Length) + ": substring expression < 0", status: 1, level: failLine}
			}
		} else if off+length < n {
			end = off + length
		}
	}
	return off, end, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// mapVals applies f to a scalar or to each element of a list.
func mapVals(v pval, f func(string) string) pval {
	if !v.isList {
		v.s = f(v.s)
		return v
	}
	out := make([]string, len(v.list))
	for i, e := range v.list {
		out[i] = f(e)
	}
	v.list = out
	return v
}

// replParam implements ${x/p/r} ${x//p/r} ${x/#p/r} ${x/%p/r}.
func (sh *Shell) replParam(pe *syntax.ParamExp, v pval) (pval, error) {
	pat, err := sh.expandPattern(pe.Repl.Orig)
	if err != nil {
		return v, err
	}
	anchor := byte(0)
	if !pe.Repl.All && pe.Repl.Orig != nil {
		if lit, ok := pe.Repl.Orig.Parts[0].(*syntax.Lit); ok && lit.Value != "" && (lit.Value[0] == '#' || lit.Value[0] == '%') {
			anchor = lit.Value[0]
			pat = pat[1:]
		}
	}
	rep, err := sh.replacement(pe.Repl.With)
	if err != nil {
		return v, err
	}
	m := compilePattern(pat, false)
	return mapVals(v, func(s string) string { return m.replace(s, rep, pe.Repl.All, anchor) }), nil
}

// opParam applies # ## % %% ^ ^^ , ,, and @ operators.
func (sh *Shell) opParam(pe *syntax.ParamExp, v pval) (pval, error) {
	op := pe.Exp.Op
	switch op {
	case syntax.RemSmallPrefix, syntax.RemLargePrefix, syntax.RemSmallSuffix, syntax.RemLargeSuffix:
		pat, err := sh.expandPattern(pe.Exp.Word)
		if err != nil {
			return v, err
		}
		m := compilePattern(pat, false)
		suffix := op == syntax.RemSmallSuffix || op == syntax.RemLargeSuffix
		longest := op == syntax.RemLargePrefix || op == syntax.RemLargeSuffix
		return mapVals(v, func(s string) string { return m.remove(s, suffix, longest) }), nil
	case syntax.UpperFirst, syntax.UpperAll, syntax.LowerFirst, syntax.LowerAll:
		pat := ""
		toggle := false
		if pe.Exp.Word != nil {
			if p, ok := parser.DecodeToggle(pe.Exp.Word.Lit()); ok {
				// ${x~pat} / ${x~~pat}: the parser stored the pattern.
				toggle, pat = true, p
			} else {
				segs, err := sh.patternSegs(pe.Exp.Word)
				if err != nil {
					return v, err
				}
				if pat = segsPattern(segs); pat == "" && len(segs) > 0 {
					return v, nil // bash: a quoted empty pattern matches nothing
				}
			}
		}
		var m *matcher // nil: no pattern, every character
		if pat != "" {
			m = compilePattern(pat, false)
		}
		conv := unicode.ToLower
		if op == syntax.UpperFirst || op == syntax.UpperAll {
			conv = unicode.ToUpper
		}
		if toggle {
			conv = func(r rune) rune {
				if unicode.IsUpper(r) {
					return unicode.ToLower(r)
				}
				return unicode.ToUpper(r)
			}
		}
		all := op == syntax.UpperAll || op == syntax.LowerAll
		utf := sh.utf8()
		return mapVals(v, func(s string) string { return convertCase(s, m, conv, all, utf) }), nil
	case syntax.OtherParamOps:
		arg := ""
		if pe.Exp.Word != nil {
			arg = pe.Exp.Word.Lit()
		}
		return sh.atOp(pe, v, arg)
	}
	return v, badSubst(pe)
}

// convertCase applies conv to the first character of s, or to all of them,
// when m (nil: any) matches it. Bytes that are not UTF-8 characters stay
// as they are, as does everything but ASCII outside a UTF-8 locale.
func convertCase(s string, m *matcher, conv func(rune) rune, all, utf bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf && utf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		ch := s[i : i+n]
		if r >= utf8.RuneSelf && (!utf || n == 1) || m != nil && !m.match(ch) {
			b.WriteString(ch)
		} else {
			b.WriteRune(conv(r))
		}
		if i += n; !all {
			b.WriteString(s[i:])
			break
		}
	}
	return b.String()
}

// atOp implements ${x@Q} and friends.
func (sh *Shell) atOp(pe *syntax.ParamExp, v pval, op string) (pval, error) {
	name := pe.Param.Value
	switch op {
	case "Q":
		if !v.set && !v.isList {
			return pval{}, nil
		}
		return mapVals(v, builtins.QuoteSingle), nil
	case "E":
		return mapVals(v, builtins.ANSIC), nil
	case "P":
		return mapVals(v, sh.expandPrompt), nil
	case "U":
		return mapVals(v, strings.ToUpper), nil
	case "L":
		return mapVals(v, strings.ToLower), nil
	case "u":
		return mapVals(v, func(s string) string {
			r, n := utf8.DecodeRuneInString(s)
			if n == 0 {
				return s
			}
			return string(unicode.ToUpper(r)) + s[n:]
		}), nil
	case "a":
		vv := sh.vars.Raw(name)
		flags := ""
		if vv != nil {
			flags = vv.Flags()
		}
		if v.isList {
			return mapVals(v, func(string) string { return flags }), nil
		}
		return pval{s: flags, set: v.set}, nil
	case "A":
		if !v.set {
			return pval{}, nil
		}
		return pval{s: sh.declareLine(name, true), set: true}, nil
	case "K", "k":
		vv := sh.getVar(name)
		if vv == nil || !vv.IsArray() {
			return mapVals(v, builtins.QuoteSingle), nil
		}
		keys, vals := vv.Keys(), vv.Elements()
		var parts []string
		for i := range keys {
			k := keys[i]
			if vv.Has(vars.Assoc) {
				k = builtins.QuoteKey(k)
			}
			if op == "K" {
				parts = append(parts, k+" "+builtins.QuoteDouble(vals[i]))
			} else {
				parts = append(parts, keys[i], vals[i])
			}
		}
		if op == "K" {
			s := strings.Join(parts, " ")
			if vv.Has(vars.Assoc) {
				s += " "
			}
			return pval{s: s, set: true}, nil
		}
		return pval{list: parts, isList: true, set: true}, nil
	}
	return v, badSubst(pe)
}

package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/parser"
	"gsh/shell/vars"
)

// declare, typeset, local, export, readonly: the parser gives their
// arguments as assignments so that values are not split; a call through
// `builtin declare` or a variable gets plain strings, re-parsed here.

func init() {
	for _, b := range []*builtins.Builtin{
		{Name: "declare", Fn: shFn(biDeclareStrings), Usage: "declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]"},
		{Name: "typeset", Fn: shFn(biDeclareStrings), Usage: "typeset [-aAfFgiIlnrtux] name[=value] ... or typeset -p [-aAfFilnrtux] [name ...]"},
		{Name: "local", Fn: shFn(biDeclareStrings), Usage: "local [option] name[=value] ..."},
		{Name: "export", Fn: shFn(biDeclareStrings), Special: true, Usage: "export [-fn] [name[=value] ...] or export -p"},
		{Name: "readonly", Fn: shFn(biDeclareStrings), Special: true, Usage: "readonly [-aAf] [name[=value] ...] or readonly -p"},
		{Name: "unset", Fn: shFn(biUnset), Special: true, Usage: "unset [-f] [-v] [-n] [name ...]"},
	} {
		builtins.Register(b)
	}
}

// declItem is one operand: an assignment node from the parser, or a word.
// The value of a scalar assignment is expanded before the builtin runs
// (as for any command's words), once: val.
type declItem struct {
	assign *syntax.Assign
	word   string
	val    string
}

// scalarAssign reports an assignment whose value is a plain word.
func scalarAssign(a *syntax.Assign) bool {
	return a != nil && !a.Naked && a.Array == nil
}

// declClause runs declare/local/export/readonly/typeset as parsed.
func (sh *Shell) declClause(c *syntax.DeclClause) {
	name := c.Variant.Value
	if name == "nameref" {
		name = "declare"
	}
	args := []string{name}
	var items []declItem
	var opts []string
	sawOperand := false
	for _, a := range c.Args {
		if a.Naked && a.Name == nil {
			fields, err := sh.expandFields([]*syntax.Word{a.Value})
			if err != nil {
				sh.expansionFailed(err)
				return
			}
			for _, f := range fields {
				if !sawOperand && len(f) > 1 && (f[0] == '-' || f[0] == '+') {
					if f == "--" {
						sawOperand = true
						continue
					}
					opts = append(opts, f)
					continue
				}
				sawOperand = true
				items = append(items, declItem{word: f})
			}
			continue
		}
		sawOperand = true
		if a.Naked {
			items = append(items, declItem{word: a.Name.Value})
			continue
		}
		it := declItem{assign: a}
		if scalarAssign(a) {
			v, err := sh.expandAssignValue(a.Value)
			if err != nil {
				sh.expansionFailed(err)
				return
			}
			it.val = v
		}
		items = append(items, it)
	}
	if c.Variant.Value == "nameref" {
		opts = append(opts, "-n")
	}
	args = append(args, opts...)
	if sh.opts[optXtrace] {
		sh.trace(append(args, declTrace(items)...))
	}
	sh.status = sh.declare(args, items)
	if sh.opts[optXtrace] {
		for _, it := range items {
			if it.assign != nil && it.assign.Array != nil {
				sh.traceAssigned(it.assign) // its elements are expanded by the assignment
			}
		}
	}
}

// declTrace gives the operands as set -x shows them: assignments with
// their expanded values, arrays by name.
func declTrace(items []declItem) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		a := it.assign
		switch {
		case a == nil:
			out = append(out, it.word)
		case !scalarAssign(a):
			out = append(out, a.Name.Value)
		default:
			name := a.Name.Value
			if a.Index != nil {
				name += "[" + printNodeText(a.Index) + "]"
			}
			if a.Append {
				name += "+"
			}
			out = append(out, name+"="+it.val)
		}
	}
	return out
}

// biDeclareStrings is declare & co. called with plain string arguments.
func biDeclareStrings(sh *Shell, args []string) int {
	var items []declItem
	i := 1
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || (a[0] != '-' && a[0] != '+') {
			break
		}
	}
	opts := args[:i]
	for _, a := range args[i:] {
		items = append(items, declItem{word: a})
	}
	return sh.declare(opts, items)
}

var declAttrLetters = map[byte]vars.Attr{
	'a': vars.Indexed, 'A': vars.Assoc, 'i': vars.Integer, 'l': vars.Lower,
	'u': vars.Upper, 'n': vars.NameRef, 'r': vars.ReadOnly, 't': vars.Trace, 'x': vars.Export,
}

// declare implements the declaration builtins. args holds the builtin's
// name and its options.
func (sh *Shell) declare(args []string, items []declItem) int {
	cmd := args[0]
	var set, clear vars.Attr
	print, funcs, funcNames, global := false, false, false, false
	valid := "aAfFgilnprtuxI"
	switch cmd {
	case "local":
		valid = "aAilnprtux"
	case "export":
		valid, set = "fnp", vars.Export
	case "readonly":
		valid, set = "aAfp", vars.ReadOnly
	}
	unexport := false
	for _, o := range args[1:] {
		on := o[0] == '-'
		for j := 1; j < len(o); j++ {
			c := o[j]
			if !strings.ContainsRune(valid, rune(c)) {
				sh.errorf("%s: %s: invalid option", cmd, o[:1]+string(c))
				sh.writeErr(cmd + ": usage: " + builtins.Lookup(cmd).Usage + "\n")
				return 2
			}
			switch c {
			case 'p':
				print = true
			case 'f':
				funcs = true
			case 'F':
				funcs, funcNames = true, true
			case 'g':
				global = true
			case 'n':
				if cmd == "export" {
					unexport = true
					continue
				}
				fallthrough
			default:
				a := declAttrLetters[c]
				if on {
					set |= a
				} else {
					clear |= a
				}
			}
		}
	}
	if cmd == "local" && sh.funcDepth == 0 {
		sh.errorf("local: can only be used in a function")
		return 1
	}
	if unexport {
		set &^= vars.Export
		clear |= vars.Export
	}
	if funcs {
		return sh.declareFuncs(cmd, items, print || len(items) == 0, funcNames, set, clear)
	}
	if print || len(items) == 0 && (cmd != "local" || print) {
		if len(items) == 0 {
			return sh.printDecls(cmd, set, print || cmd != "declare" && cmd != "typeset")
		}
		st := 0
		for _, it := range items {
			name := it.word
			if it.assign != nil {
				name = it.assign.Name.Value
			}
			if v := sh.vars.Raw(name); v == nil || (!v.IsSet() && v.Attrs() == 0 && sh.getVar(name) == nil) {
				sh.errorf("%s: %s: not found", cmd, name)
				st = 1
				continue
			}
			sh.Stdout().Write([]byte(sh.declareLine(name, false) + "\n"))
		}
		return st
	}
	local := cmd == "local" || ((cmd == "declare" || cmd == "typeset") && sh.funcDepth > 0 && !global)
	st := 0
	for _, it := range items {
		if err := sh.declareOne(cmd, it, set, clear, local, global); err != nil {
			if e, ok := err.(*expErr); ok {
				sh.expansionFailed(e)
				return sh.status
			}
			sh.errorf("%s", err.Error())
			st = 1
		}
	}
	return st
}

// declareOne applies attributes and the value of one operand.
func (sh *Shell) declareOne(cmd string, it declItem, set, clear vars.Attr, local, global bool) error {
	a := it.assign
	if a == nil {
		word := it.word
		name, value, hasValue := word, "", false
		if i := strings.IndexByte(word, '='); i > 0 {
			name, value, hasValue = word[:i], word[i+1:], true
		}
		appending := strings.HasSuffix(name, "+")
		if appending {
			name = name[:len(name)-1]
		}
		base := name
		if i := strings.IndexByte(name, '['); i > 0 {
			base = name[:i]
		}
		if !vars.ValidName(base) {
			return &vars.Error{Msg: cmd + ": '" + word + "': not a valid identifier"}
		}
		if hasValue && (strings.HasPrefix(value, "(") && strings.HasSuffix(value, ")") || base != name) {
			// A compound value or subscript: parse it as an assignment.
			f, err := parser.Parse(word)
			if err == nil && len(f.Stmts) == 1 {
				if call, ok := f.Stmts[0].Cmd.(*syntax.CallExpr); ok && len(call.Assigns) == 1 && len(call.Args) == 0 {
					a = call.Assigns[0]
				}
			}
		}
		if a == nil {
			a = &syntax.Assign{Name: &syntax.Lit{Value: name}, Naked: !hasValue, Append: appending}
			if hasValue {
				a.Value = &syntax.Word{Parts: []syntax.WordPart{&syntax.SglQuoted{Value: value}}}
			}
			it.val = value
		} else if scalarAssign(a) {
			v, err := sh.expandAssignValue(a.Value)
			if err != nil {
				return err
			}
			it.val = v
		}
	}
	name := a.Name.Value
	if !vars.ValidName(name) {
		return &vars.Error{Msg: cmd + ": '" + name + "': not a valid identifier"}
	}
	if set&vars.NameRef != 0 && scalarAssign(a) && it.val == name {
		return &vars.Error{Msg: cmd + ": " + name + ": nameref variable self references not allowed"}
	}
	ro := set & vars.ReadOnly
	attrs := set &^ vars.ReadOnly
	if a.Array != nil && attrs&(vars.Assoc|vars.Indexed) == 0 {
		if v := sh.vars.Get(name); v == nil || !v.IsArray() {
			attrs |= vars.Indexed
		}
	}
	if v := sh.vars.Raw(name); v != nil && v.Has(vars.ReadOnly) && (!a.Naked || attrs&^vars.Export != 0 || clear != 0) {
		if !(a.Naked && attrs == 0 && clear == 0) {
			return &vars.Error{Msg: name + ": readonly variable"}
		}
	}
	if _, err := sh.vars.Declare(name, attrs, clear, local, global); err != nil {
		if strings.Contains(err.Error(), "cannot convert") {
			return &vars.Error{Msg: cmd + ": " + err.Error()}
		}
		return err
	}
	if !a.Naked {
		var err error
		switch {
		case !scalarAssign(a):
			err = sh.assign(a, attrs)
		case global && sh.vars.Depth() > 0 && a.Index == nil:
			err = sh.vars.SetGlobal(name, it.val)
		default:
			err = sh.assignScalar(a, it.val, attrs)
		}
		if err != nil {
			return err
		}
	}
	if ro != 0 {
		if _, err := sh.vars.Declare(name, ro, 0, local, global); err != nil {
			return err
		}
	}
	return nil
}

// declareFuncs handles declare -f/-F, export -f, readonly -f.
func (sh *Shell) declareFuncs(cmd string, items []declItem, print, namesOnly bool, set, clear vars.Attr) int {
	names := make([]string, 0, len(items))
	for _, it := range items {
		n := it.word
		if it.assign != nil {
			n = it.assign.Name.Value
		}
		names = append(names, n)
	}
	if len(names) == 0 {
		names = sh.FuncNames()
	}
	st := 0
	var out strings.Builder
	for _, n := range names {
		f, ok := sh.funcs.get(n)
		if !ok {
			if len(items) > 0 {
				if cmd == "declare" || cmd == "typeset" {
					st = 1
					continue
				}
				sh.errorf("%s: %s: not a function", cmd, n)
				st = 1
			}
			continue
		}
		if set&(vars.Export|vars.ReadOnly) != 0 && len(items) > 0 && !print {
			sh.SetFuncAttr(n, set&vars.Export != 0, set&vars.ReadOnly != 0)
			continue
		}
		if cmd == "export" && !f.Exported || cmd == "readonly" && !f.ReadOnly {
			if len(items) == 0 {
				continue
			}
		}
		if namesOnly && len(items) > 0 {
			out.WriteString(n + "\n") // declare -F name prints just the name
			continue
		}
		if namesOnly {
			flags := "-f"
			if f.Exported {
				flags += "x"
			}
			if f.ReadOnly {
				flags += "r"
			}
			out.WriteString("declare " + flags + " " + n + "\n")
			continue
		}
		out.WriteString(sh.funcText(f) + "\n")
		if f.Exported {
			out.WriteString("declare -fx " + n + "\n")
		}
		if f.ReadOnly {
			out.WriteString("declare -fr " + n + "\n")
		}
	}
	sh.Stdout().Write([]byte(out.String()))
	return st
}

// printDecls lists variables with the given attributes.
func (sh *Shell) printDecls(cmd string, filter vars.Attr, declForm bool) int {
	var out strings.Builder
	names := sh.vars.Names()
	if cmd == "local" {
		names = sh.vars.LocalNames()
	}
	for _, n := range names {
		v := sh.vars.Raw(n)
		if v == nil || v.Has(vars.Dynamic) {
			continue
		}
		if filter != 0 && v.Attrs()&filter != filter {
			continue
		}
		if !declForm {
			if !v.IsSet() {
				continue
			}
			out.WriteString(sh.setListing(n) + "\n")
			continue
		}
		out.WriteString(sh.declareLine(n, false) + "\n")
	}
	sh.Stdout().Write([]byte(out.String()))
	return 0
}

// setListing formats a variable as `set` lists it: name=value.
func (sh *Shell) setListing(name string) string {
	v := sh.vars.Raw(name)
	if v.IsArray() {
		return name + "=" + arrayLiteral(v)
	}
	return name + "=" + builtins.QuoteWord(v.Str())
}

// declareLine formats a variable as `declare -p` prints it (withA: as
// ${x@A} does, without "declare --" for a plain scalar).
func (sh *Shell) declareLine(name string, withA bool) string {
	v := sh.vars.Raw(name)
	if v == nil {
		v = sh.getVar(name)
	}
	if v == nil {
		return ""
	}
	flags := v.Flags()
	if flags == "" {
		flags = "-"
	}
	prefix := "declare -" + flags + " " + name
	if withA && v.Flags() == "" && !v.IsArray() {
		if !v.IsSet() {
			return ""
		}
		return name + "=" + builtins.QuoteSingle(v.Str())
	}
	if !v.IsSet() {
		return prefix
	}
	if v.IsArray() {
		return prefix + "=" + arrayLiteral(v)
	}
	if withA {
		return prefix + "=" + builtins.QuoteSingle(v.Str())
	}
	return prefix + "=" + builtins.QuoteDouble(v.Str())
}

// arrayLiteral prints ([0]="a" [1]="b"); associative ones end with " )".
func arrayLiteral(v *vars.Var) string {
	var b strings.Builder
	b.WriteByte('(')
	keys, vals := v.Keys(), v.Elements()
	assoc := v.Has(vars.Assoc)
	for i := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		k := keys[i]
		if assoc {
			k = builtins.QuoteKey(k)
		}
		b.WriteString("[" + k + "]=" + builtins.QuoteDouble(vals[i]))
	}
	if assoc && len(keys) > 0 {
		b.WriteByte(' ')
	}
	b.WriteByte(')')
	return b.String()
}

func biUnset(sh *Shell, args []string) int {
	opts, names, ok := builtins.ParseOpts(sh, args, "fvn")
	if !ok {
		return 2
	}
	mode := byte(0)
	for _, o := range opts {
		mode = o.C
	}
	st := 0
	for _, name := range names {
		if mode == 'f' {
			if f, ok := sh.funcs.get(name); ok && f.ReadOnly {
				sh.errorf("unset: %s: cannot unset: readonly function", name)
				st = 1
				continue
			}
			sh.funcs.del(name)
			continue
		}
		base, sub, hasSub := name, "", false
		if j := strings.IndexByte(name, '['); j > 0 && strings.HasSuffix(name, "]") {
			base, sub, hasSub = name[:j], name[j+1:len(name)-1], true
		}
		if !vars.ValidName(base) {
			sh.errorf("unset: '%s': not a valid identifier", name)
			st = 1
			continue
		}
		if hasSub {
			if err := sh.unsetElem(base, sub); err != nil {
				sh.errorf("unset: %s", err.Error())
				st = 1
			}
			continue
		}
		v := sh.vars.Raw(name)
		if v == nil && mode == 0 {
			if _, ok := sh.funcs.get(name); ok {
				sh.funcs.del(name)
			}
			continue
		}
		if err := sh.vars.Unset(name, mode == 'n'); err != nil {
			sh.errorf("unset: %s", err.Error())
			st = 1
		}
	}
	return st
}

// unsetElem implements unset 'a[i]' and unset 'm[key]'.
func (sh *Shell) unsetElem(name, sub string) error {
	v := sh.vars.Get(name)
	if v == nil {
		return nil
	}
	if sub == "@" || sub == "*" {
		return sh.vars.Unset(name, false)
	}
	if v.Has(vars.Assoc) {
		key, err := sh.expandLiteral(parserTextWord(sub))
		if err != nil {
			return err
		}
		return sh.vars.UnsetKey(name, key)
	}
	n, err := sh.arithString(sub)
	if err != nil {
		return err
	}
	return sh.vars.UnsetIndex(name, n)
}

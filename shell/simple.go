package shell

import (
	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/shell/vars"
)

// call runs a simple command: expansions, redirections, assignments, then
// a function, a builtin or an external program.
func (sh *Shell) call(c *syntax.CallExpr, redirs []*syntax.Redirect) {
	if sh.inTrap == 0 {
		sh.curCmd = c
	}
	switch {
	case len(c.Args) > 0:
		sh.setLine(c.Args[0].Pos())
	case len(c.Assigns) > 0:
		sh.setLine(c.Assigns[0].Pos())
	case len(redirs) > 0:
		sh.setLine(redirs[0].Pos())
	}
	if len(c.Args) > 0 && sh.opts[optExpandAliases] {
		if sh.runAlias(c, redirs) {
			return
		}
	}
	sh.debugTrap(c)
	args, err := sh.expandArgs(c.Args)
	if err != nil {
		sh.expansionFailed(err)
		return
	}
	if len(args) == 0 {
		sh.assignOnly(c.Assigns, redirs)
		return
	}
	temps, err := sh.expandTemps(c.Assigns)
	if err != nil {
		sh.expansionFailed(err)
		return
	}
	sh.lastArgNext = args[len(args)-1]
	defer func() { sh.lastArg = sh.lastArgNext }()
	if sh.opts[optXtrace] {
		for _, t := range temps {
			sh.traceAssign(t.name, t.value, t.append)
		}
		sh.trace(args)
	}
	sh.dispatch(args, temps, redirs, false, false)
	// An exec that ran deeper (eval exec, a function) keeps no
	// redirections of this command's callers.
	sh.fds.persist = false
}

// envAssign is a prefix assignment (NAME=value cmd), already expanded.
type envAssign struct {
	name, value string
	append      bool
}

func (sh *Shell) expandTemps(assigns []*syntax.Assign) ([]envAssign, error) {
	if len(assigns) == 0 {
		return nil, nil
	}
	out := make([]envAssign, 0, len(assigns))
	for _, a := range assigns {
		if a.Array != nil || a.Index != nil {
			continue
		}
		val, err := sh.expandAssignValue(a.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, envAssign{a.Name.Value, val, a.Append})
	}
	return out, nil
}

// dispatch runs args as a function, builtin or program. noFuncs is
// `command`; builtinOnly is `builtin`.
func (sh *Shell) dispatch(args []string, assigns []envAssign, redirs []*syntax.Redirect, noFuncs, builtinOnly bool) {
	name := args[0]
	if !noFuncs && !builtinOnly {
		if f, ok := sh.funcs.get(name); ok {
			sh.withRedirsAndTemps(assigns, redirs, func() { sh.callFunc(f, args) })
			return
		}
	}
	if b := sh.builtin(name); b != nil {
		sh.withRedirsAndTemps(assigns, redirs, func() { sh.runBuiltin(b, args) })
		return
	}
	if builtinOnly {
		sh.errorf("builtin: %s: not a shell builtin", name)
		sh.status = 1
		return
	}
	sh.external(args, assigns, redirs)
}

// withRedirsAndTemps runs fn with the command's redirections applied and
// its prefix assignments in effect (exported, undone afterwards).
// When fn was exec without a command (also through `command exec`), the
// redirections stay instead.
func (sh *Shell) withRedirsAndTemps(assigns []envAssign, redirs []*syntax.Redirect, fn func()) {
	if len(redirs) > 0 {
		saved := sh.fds
		restore, ok := sh.pushRedirs(redirs)
		if !ok {
			return
		}
		defer func() {
			if sh.fds.persist {
				sh.fds.persist = false
				saved.release()
				return
			}
			restore()
		}()
	}
	if len(assigns) > 0 {
		sh.vars.PushFrame()
		defer sh.vars.PopFrame()
		for _, a := range assigns {
			if v := sh.vars.Get(a.name); v != nil && v.Has(vars.ReadOnly) {
				sh.errorf("%s: readonly variable", a.name)
				continue
			}
			val := a.value
			if a.append {
				val = sh.vars.Str(a.name) + val
			}
			sh.vars.Declare(a.name, vars.Export, 0, true, false)
			sh.vars.Set(a.name, val)
		}
	}
	fn()
}

// runBuiltin calls a builtin and handles its effect on control flow.
func (sh *Shell) runBuiltin(b *builtins.Builtin, args []string) {
	sh.builtinStatusIn = sh.status
	st := b.Fn(sh, args)
	if sh.sigpipe {
		sh.dieOfSigpipe()
		return
	}
	if sh.ctl == builtins.CtlNone || sh.ctl == builtins.CtlBreak || sh.ctl == builtins.CtlContinue {
		sh.status = st
	}
}

// assignOnly runs a command made only of assignments and redirections.
func (sh *Shell) assignOnly(assigns []*syntax.Assign, redirs []*syntax.Redirect) {
	sh.status = 0
	sh.substStatus = -1
	if len(redirs) > 0 {
		restore, ok := sh.pushRedirs(redirs)
		if !ok {
			return
		}
		restore() // `>file` alone creates the file; nothing keeps it open
	}
	for _, a := range assigns {
		if err := sh.assign(a, 0); err != nil {
			sh.assignFailed(err)
			return
		}
		if sh.opts[optXtrace] {
			sh.traceAssigned(a)
		}
	}
	if sh.substStatus >= 0 {
		sh.status = sh.substStatus
	}
}

// assignFailed reports a failed assignment; in a script it is fatal.
func (sh *Shell) assignFailed(err error) {
	if e, ok := err.(*expErr); ok {
		sh.expansionFailed(e)
		return
	}
	sh.errorf("%s", err.Error())
	sh.status = 1
	sh.unwind(failLinePosix) // readonly variable...
}

// assign performs one assignment word. attrs are added by declare-like
// builtins (declare -A turns a=(...) into an associative array).
func (sh *Shell) assign(a *syntax.Assign, attrs vars.Attr) error {
	if a.Array != nil {
		return sh.assignArray(a.Name.Value, a, attrs)
	}
	val, err := sh.expandAssignValue(a.Value)
	if err != nil {
		return err
	}
	return sh.assignScalar(a, val, attrs)
}

// assignScalar performs name=val, name+=val or name[i]=val with the
// value already expanded.
func (sh *Shell) assignScalar(a *syntax.Assign, val string, attrs vars.Attr) error {
	name := a.Name.Value
	if a.Index != nil {
		v := sh.vars.Get(name)
		if (v != nil && v.Has(vars.Assoc)) || attrs&vars.Assoc != 0 {
			key, err := sh.expandLiteral(a.Index.(*syntax.Word))
			if err != nil {
				return err
			}
			if key == "" {
				return &vars.Error{Msg: name + "[" + printNodeText(a.Index) + "]: bad array subscript"}
			}
			return sh.vars.SetKey(name, key, val, a.Append)
		}
		n, err := sh.arithWord(a.Index)
		if err != nil {
			return err
		}
		return sh.vars.SetIndex(name, n, val, a.Append)
	}
	if a.Append {
		return sh.vars.Append(name, val)
	}
	return sh.vars.Set(name, val)
}

// assignArray performs name=(...) and name+=(...).
func (sh *Shell) assignArray(name string, a *syntax.Assign, attrs vars.Attr) error {
	v := sh.vars.Get(name)
	assoc := attrs&vars.Assoc != 0 || (v != nil && v.Has(vars.Assoc))
	if v != nil && v.Has(vars.ReadOnly) {
		return &vars.Error{Msg: name + ": readonly variable"}
	}
	var elems []vars.Elem
	if assoc {
		var pending []string // key value key value ... (bash 5.1 form)
		for _, e := range a.Array.Elems {
			if e.Index != nil {
				k, err := sh.expandLiteral(e.Index.(*syntax.Word))
				if err != nil {
					return err
				}
				val, err := sh.expandAssignValue(e.Value)
				if err != nil {
					return err
				}
				elems = append(elems, vars.Elem{Key: k, HasKey: true, Value: val})
				continue
			}
			fs, err := sh.expandFields([]*syntax.Word{e.Value})
			if err != nil {
				return err
			}
			pending = append(pending, fs...)
		}
		if len(pending) > 0 && len(elems) == 0 {
			for i := 0; i < len(pending); i += 2 {
				val := ""
				if i+1 < len(pending) {
					val = pending[i+1]
				}
				elems = append(elems, vars.Elem{Key: pending[i], HasKey: true, Value: val})
			}
		} else if len(pending) > 0 {
			sh.errorf("%s: %s: must use subscript when assigning associative array", name, pending[0])
		}
		if v == nil || !v.Has(vars.Assoc) {
			if _, err := sh.vars.Declare(name, vars.Assoc, 0, false, false); err != nil {
				return err
			}
		}
		return sh.vars.AssignList(name, elems, a.Append)
	}
	for _, e := range a.Array.Elems {
		if e.Index != nil {
			n, err := sh.arithWord(e.Index)
			if err != nil {
				return err
			}
			val, err := sh.expandAssignValue(e.Value)
			if err != nil {
				return err
			}
			elems = append(elems, vars.Elem{Index: n, HasKey: true, Value: val})
			continue
		}
		if e.Value == nil {
			continue
		}
		fs, err := sh.expandFields([]*syntax.Word{e.Value})
		if err != nil {
			return err
		}
		for _, f := range fs {
			elems = append(elems, vars.Elem{Value: f})
		}
	}
	return sh.vars.AssignList(name, elems, a.Append)
}

// isSpecialBuiltin reports POSIX special builtins, as registered.
func isSpecialBuiltin(name string) bool {
	b := builtins.Lookup(name)
	return b != nil && b.Special
}

// expandArgs expands a simple command's words; a pattern that matched
// nothing under failglob is an error that abandons the line.
func (sh *Shell) expandArgs(words []*syntax.Word) ([]string, error) {
	sh.globFail = ""
	args, err := sh.expandFields(words)
	if err == nil && sh.globFail != "" {
		err = &expErr{msg: "no match: " + sh.globFail, status: 1, level: failLine}
		sh.globFail = ""
	}
	return args, err
}

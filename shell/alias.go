package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"gsh/parser"
)

// Aliases. Bash substitutes them while reading; here the first word of a
// simple command is looked up when the command runs (an alias defined on
// one line applies from the next command on, as in bash), and the command
// is re-parsed with the alias text in place of that word.

type aliasKey struct {
	call  *syntax.CallExpr
	value string
}

var aliasCache = newCache[aliasKey, []*syntax.Stmt](1024)

// runAlias runs c through an alias if its first word names one.
func (sh *Shell) runAlias(c *syntax.CallExpr, redirs []*syntax.Redirect) bool {
	name := c.Args[0].Lit()
	if name == "" || sh.aliasActive[name] {
		return false
	}
	value, ok := sh.aliases.get(name)
	if !ok {
		return false
	}
	if seq, ok := sh.rt.aliasSeq.Load(name); ok && seq.(int) >= sh.rt.groupSeq && sh.rt.groupSeq > 0 {
		return false // defined on the line being run: not yet in effect
	}
	key := aliasKey{c, value}
	var stmts []*syntax.Stmt
	if v, ok := aliasCache.get(key); ok {
		stmts = v
	} else {
		var b strings.Builder
		p := syntax.NewPrinter()
		for _, a := range c.Assigns {
			p.Print(&b, &syntax.CallExpr{Assigns: []*syntax.Assign{a}})
			b.WriteByte(' ')
		}
		b.WriteString(value)
		// A value ending in a blank makes the next word an alias too.
		chain := strings.HasSuffix(value, " ") || strings.HasSuffix(value, "\t")
		for _, w := range c.Args[1:] {
			if chain {
				if v, ok := sh.aliases.get(w.Lit()); ok && w.Lit() != "" {
					b.WriteString(v)
					chain = strings.HasSuffix(v, " ") || strings.HasSuffix(v, "\t")
					continue
				}
				chain = false
			} else {
				b.WriteByte(' ')
			}
			p.Print(&b, w)
		}
		f, err := parser.Parse(b.String())
		if err != nil {
			sh.syntaxError(err)
			sh.status = 2
			return true
		}
		stmts = f.Stmts
		aliasCache.put(key, stmts)
	}
	if sh.aliasActive == nil {
		sh.aliasActive = map[string]bool{}
	}
	sh.aliasActive[name] = true
	defer delete(sh.aliasActive, name)
	savedBase := sh.lineBase
	sh.lineBase = max(sh.line-1, 0)
	defer func() { sh.lineBase = savedBase }()
	sh.status = 0
	for i, st := range stmts {
		if i == len(stmts)-1 && len(redirs) > 0 {
			cp := *st
			cp.Redirs = append(append([]*syntax.Redirect{}, st.Redirs...), redirs...)
			st = &cp
		}
		sh.stmt(st)
		if sh.ctl != 0 {
			break
		}
	}
	return true
}

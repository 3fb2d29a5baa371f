package shell

import (
	"os"
	"strings"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"

	"gsh/jobs"
)

type pipeStage struct {
	st     *syntax.Stmt
	stderr bool // |& : standard error into the pipe too
	sub    *Shell
	spec   *jobs.Spec // set for an external command forked directly
	proc   *jobs.Proc
	err    error // the fork/exec failed
	done   chan struct{}
	status int
	failed bool // could not start: status already known
}

// flattenPipe turns the left-nested pipe tree into stages.
func flattenPipe(c *syntax.BinaryCmd) []*pipeStage {
	var stages []*pipeStage
	var walk func(st *syntax.Stmt, stderr bool)
	walk = func(st *syntax.Stmt, stderr bool) {
		if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) &&
			!st.Negated && !st.Background && len(st.Redirs) == 0 {
			walk(b.X, b.Op == syntax.PipeAll)
			walk(b.Y, stderr)
			return
		}
		stages = append(stages, &pipeStage{st: st, stderr: stderr})
	}
	walk(c.X, c.Op == syntax.PipeAll)
	walk(c.Y, false)
	return stages
}

// pipeline runs a | b | c. Each stage is a subshell: external commands are
// forked directly; builtins, functions and compound commands run on a
// goroutine with a copy of the state (bash would fork them).
func (sh *Shell) pipeline(c *syntax.BinaryCmd) {
	stages := flattenPipe(c)
	n := len(stages)
	pipes := make([][2]*ofile, n-1)
	for i := range pipes {
		var p [2]int
		if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
			sh.errorf("pipe error: %s", errnoText(err))
			sh.status = 1
			for j := 0; j < i; j++ {
				pipes[j][0].unref()
				pipes[j][1].unref()
			}
			return
		}
		pipes[i] = [2]*ofile{newOfile(os.NewFile(uintptr(p[0]), "|r")), newOfile(os.NewFile(uintptr(p[1]), "|w"))}
	}
	lastpipe := sh.opts[optLastpipe] && !sh.rt.jobControl
	for i, s := range stages {
		if i == n-1 && lastpipe {
			break
		}
		sub := sh.subshellCopy()
		if i > 0 {
			sub.fds.set(0, pipes[i-1][0].ref())
		}
		if i < n-1 {
			sub.fds.set(1, pipes[i][1].ref())
			if s.stderr {
				sub.fds.set(2, pipes[i][1].ref())
			}
		}
		s.sub = sub
		var bad bool
		s.spec, bad = sub.directSpec(s.st)
		if bad {
			s.failed, s.status = true, 1
		}
	}
	// The shell's own references to the pipes go now: each stage holds its ends.
	var savedFds *fdTable
	if lastpipe {
		savedFds = sh.fds
		sh.fds = savedFds.clone()
		sh.fds.set(0, pipes[n-2][0].ref())
	}
	for _, p := range pipes {
		p[0].unref()
		p[1].unref()
	}
	sh.startPipeline(stages, lastpipe)
	statuses := make([]int, n)
	if lastpipe {
		last := stages[n-1]
		sh.stmt(last.st)
		statuses[n-1] = sh.status
		sh.fds.release()
		sh.fds = savedFds
	}
	for i, s := range stages {
		if i == n-1 && lastpipe {
			continue
		}
		switch {
		case s.failed:
			statuses[i] = s.status
		case s.proc != nil:
			statuses[i] = sh.waitProc(s.proc)
		default:
			<-s.done
			statuses[i] = s.status
		}
	}
	sh.pipeStatus = statuses
	st := statuses[n-1]
	if sh.opts[optPipefail] {
		for i := n - 1; i >= 0; i-- {
			if statuses[i] != 0 {
				st = statuses[i]
				break
			}
		}
	}
	sh.status = st
}

// startPipeline forks the external stages (under the reap lock, so that
// the process group's leader cannot vanish before the others join it),
// then starts the in-process stages.
func (sh *Shell) startPipeline(stages []*pipeStage, lastpipe bool) {
	n := len(stages)
	var group *launchGroup
	if sh.rt.jobControl {
		group = sh.newLaunchGroup(stages)
	}
	sh.rt.reaper.Lock()
	for i, s := range stages {
		if (i == n-1 && lastpipe) || s.spec == nil {
			continue
		}
		s.spec.Files = s.sub.fds.childFiles()
		sh.prepareSpec(s.spec, group)
		p, err := sh.rt.reaper.StartLocked(s.spec)
		if err != nil {
			s.err, s.failed = err, true
			continue
		}
		s.proc = p
		sh.noteProc(p, group)
	}
	sh.rt.reaper.Unlock()
	for i, s := range stages {
		if i == n-1 && lastpipe {
			continue
		}
		if s.failed {
			// Report the exec failure from the stage's own context.
			if s.err != nil {
				s.status = s.sub.execFailed(s.spec.Argv, s.spec.Path, s.spec.Env, s.err)
			}
			s.sub.release()
			continue
		}
		if s.proc != nil {
			s.sub.release()
			continue
		}
		s.done = make(chan struct{})
		sub := s.sub
		sub.launchGroup = group
		go func(s *pipeStage) {
			defer close(s.done)
			defer sub.timeGoroutine()() // before done: the stage's usage counts for `time`
			sub.runSubshell([]*syntax.Stmt{s.st})
			s.status = sub.status
			if sub.sigpipe {
				s.status = 141
			}
		}(s)
	}
}

// directSpec returns the process to fork for a stage that is a plain
// external command, or nil when the stage must run in-process.
// failed is true when its redirections failed (status 1, nothing runs).
func (sh *Shell) directSpec(st *syntax.Stmt) (spec *jobs.Spec, failed bool) {
	if st.Negated || st.Background {
		return nil, false
	}
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) == 0 {
		return nil, false
	}
	first := call.Args[0].Lit()
	if first == "" || strings.ContainsAny(first, "*?[{~\\") {
		return nil, false
	}
	if _, ok := sh.funcs.get(first); ok {
		return nil, false
	}
	if sh.builtin(first) != nil {
		return nil, false
	}
	if sh.opts[optExpandAliases] {
		if _, ok := sh.aliases.get(first); ok {
			return nil, false
		}
	}
	if sh.opts[optXtrace] {
		return nil, false // tracing is done by the in-process path
	}
	sh.setLine(call.Args[0].Pos())
	args, err := sh.expandFields(call.Args)
	if err != nil || len(args) == 0 || sh.globFail != "" {
		return nil, false
	}
	var overrides []string
	for _, a := range call.Assigns {
		if a.Array != nil || a.Index != nil {
			return nil, false
		}
		val, err := sh.expandAssignValue(a.Value)
		if err != nil {
			return nil, false
		}
		if a.Append {
			val = sh.vars.Str(a.Name.Value) + val
		}
		overrides = append(overrides, a.Name.Value+"="+val)
	}
	if len(st.Redirs) > 0 && !sh.redirect(st.Redirs) {
		return nil, true
	}
	path := ""
	if strings.IndexByte(args[0], '/') >= 0 {
		path = sh.abs(args[0])
	} else {
		path = sh.lookPath(args[0], false)
		if path == "" {
			return nil, false // let the in-process path print "command not found"
		}
	}
	env := sh.vars.Environ()
	if len(overrides) > 0 {
		env = mergeEnv(env, overrides)
	}
	sh.lastArg = args[len(args)-1]
	return &jobs.Spec{Path: path, Argv: args, Env: env, Dir: sh.cwd, Text: strings.Join(args, " ")}, false
}

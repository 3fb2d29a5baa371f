package jobs

import (
	"sync"
	"sync/atomic"
)

// Gate freezes and ends the in-process part of a job (builtins, functions,
// loops running on a goroutine of the shell). The interpreter calls Check
// before each command: it blocks while the job is stopped and reports a
// signal that killed the job. "Stopped" then really means stopped: no
// command starts and no builtin loop spins.
type Gate struct {
	state  atomic.Int32 // 0 running, 1 stopped; read lock-free on the hot path
	killed atomic.Int32 // signal number that ended the job, 0 if none
	parked atomic.Int32 // goroutines blocked in Check or waiting for a process
	mu     sync.Mutex
	cond   *sync.Cond
}

// NewGate returns an open gate.
func NewGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// Check blocks while the gate is stopped and returns the killing signal, if any.
func (g *Gate) Check() int {
	if g == nil {
		return 0
	}
	if g.state.Load() == 0 {
		return int(g.killed.Load())
	}
	g.parked.Add(1)
	g.mu.Lock()
	for g.state.Load() == 1 && g.killed.Load() == 0 {
		g.cond.Wait()
	}
	g.mu.Unlock()
	g.parked.Add(-1)
	return int(g.killed.Load())
}

// EnterWait and LeaveWait bracket a wait for a process: the goroutine
// does not touch the shell state meanwhile.
func (g *Gate) EnterWait() {
	if g != nil {
		g.parked.Add(1)
	}
}

// LeaveWait ends EnterWait.
func (g *Gate) LeaveWait() {
	if g != nil {
		g.parked.Add(-1)
	}
}

// Quiescent reports whether a goroutine of the job is parked: stopped at
// a gate or waiting for a process.
func (g *Gate) Quiescent() bool { return g.parked.Load() > 0 }

// Stop freezes the gate.
func (g *Gate) Stop() {
	g.mu.Lock()
	g.state.Store(1)
	g.mu.Unlock()
}

// Cont opens the gate.
func (g *Gate) Cont() {
	g.mu.Lock()
	g.state.Store(0)
	g.cond.Broadcast()
	g.mu.Unlock()
}

// Stopped reports whether the gate is closed.
func (g *Gate) Stopped() bool { return g != nil && g.state.Load() == 1 }

// Kill records that the job was ended by sig and releases waiters.
func (g *Gate) Kill(sig int) {
	g.mu.Lock()
	g.killed.CompareAndSwap(0, int32(sig))
	g.cond.Broadcast()
	g.mu.Unlock()
}

// Killed returns the signal that ended the job, or 0.
func (g *Gate) Killed() int {
	if g == nil {
		return 0
	}
	return int(g.killed.Load())
}

// Raft leader election (§5.2) as a Maelstrom node in Go, standard library only: newline-delimited
// JSON on stdin/stdout ({src, dest, body}), the init/init_ok handshake, logs on stderr, state
// reported to the lab with a message to "lab". currentTerm and votedFor are kept in
// $LAB_DATA_DIR/raft.json, so a restarted process remembers them, as Raft requires.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sync"
	"time"
)

type message struct {
	Src  string          `json:"src"`
	Dest string          `json:"dest"`
	Body json.RawMessage `json:"body"`
}

type body struct {
	Type      string   `json:"type"`
	MsgID     int      `json:"msg_id,omitempty"`
	InReplyTo int      `json:"in_reply_to,omitempty"`
	NodeID    string   `json:"node_id,omitempty"`
	NodeIDs   []string `json:"node_ids,omitempty"`
	Term      int      `json:"term"`
	Granted   bool     `json:"granted,omitempty"`
	Role      string   `json:"role,omitempty"`
}

type persistent struct {
	Term     int    `json:"term"`
	VotedFor string `json:"votedFor"`
}

type node struct {
	mu        sync.Mutex
	out       *json.Encoder
	id        string
	peers     []string
	nextID    int
	term      int
	votedFor  string
	role      string
	votes     map[string]bool
	election  *time.Timer
	heartbeat *time.Timer
	stateFile string
}

func (n *node) send(dest string, b body) {
	n.nextID++
	b.MsgID = n.nextID
	raw, _ := json.Marshal(b)
	_ = n.out.Encode(message{Src: n.id, Dest: dest, Body: raw})
}

func (n *node) save() {
	if n.stateFile == "" {
		return
	}
	raw, _ := json.Marshal(persistent{Term: n.term, VotedFor: n.votedFor})
	_ = os.WriteFile(n.stateFile, raw, 0o644)
}

func (n *node) become(role string) {
	if role != n.role {
		fmt.Fprintf(os.Stderr, "%s: %s -> %s in term %d\n", n.id, n.role, role, n.term)
	}
	n.role = role
	n.send("lab", body{Type: "state", Role: role, Term: n.term})
}

func (n *node) resetElectionTimer() {
	if n.election != nil {
		n.election.Stop()
	}
	n.election = time.AfterFunc(time.Duration(300+rand.Intn(300))*time.Millisecond, func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		n.startElection()
	})
}

func (n *node) startElection() {
	if n.role == "leader" {
		return
	}
	n.term++
	n.votedFor = n.id
	n.save()
	n.votes = map[string]bool{n.id: true}
	n.become("candidate")
	for _, peer := range n.peers {
		n.send(peer, body{Type: "request_vote", Term: n.term})
	}
	n.resetElectionTimer()
	n.winIfMajority()
}

func (n *node) winIfMajority() {
	if n.role != "candidate" || len(n.votes)*2 <= len(n.peers)+1 {
		return
	}
	n.become("leader")
	if n.election != nil {
		n.election.Stop()
	}
	n.sendHeartbeats()
}

func (n *node) sendHeartbeats() {
	if n.role != "leader" {
		return
	}
	for _, peer := range n.peers {
		n.send(peer, body{Type: "append_entries", Term: n.term})
	}
	n.heartbeat = time.AfterFunc(100*time.Millisecond, func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		n.sendHeartbeats()
	})
}

func (n *node) stepDown(term int) {
	n.term = term
	n.votedFor = ""
	n.save()
	if n.heartbeat != nil {
		n.heartbeat.Stop()
	}
	n.become("follower")
	n.resetElectionTimer()
}

func (n *node) handle(src string, b body) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if b.Type == "init" {
		n.id = b.NodeID
		for _, id := range b.NodeIDs {
			if id != n.id {
				n.peers = append(n.peers, id)
			}
		}
		if dir := os.Getenv("LAB_DATA_DIR"); dir != "" {
			n.stateFile = filepath.Join(dir, "raft.json")
			if raw, err := os.ReadFile(n.stateFile); err == nil {
				var saved persistent
				if json.Unmarshal(raw, &saved) == nil {
					n.term, n.votedFor = saved.Term, saved.VotedFor
				}
			}
		}
		n.send(src, body{Type: "init_ok", InReplyTo: b.MsgID})
		n.become("follower")
		n.resetElectionTimer()
		return
	}
	if b.Term > n.term {
		n.stepDown(b.Term)
	}
	switch b.Type {
	case "request_vote":
		grant := b.Term == n.term && (n.votedFor == "" || n.votedFor == src)
		if grant {
			n.votedFor = src
			n.save()
			n.resetElectionTimer()
		}
		n.send(src, body{Type: "request_vote_ok", InReplyTo: b.MsgID, Term: n.term, Granted: grant})
	case "request_vote_ok":
		if n.role == "candidate" && b.Term == n.term && b.Granted {
			n.votes[src] = true
			n.winIfMajority()
		}
	case "append_entries":
		if b.Term == n.term {
			if n.role != "follower" {
				n.become("follower")
			}
			n.resetElectionTimer()
		}
	}
}

func main() {
	rand.Seed(time.Now().UnixNano())
	n := &node{out: json.NewEncoder(os.Stdout), role: "follower"}
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1024*1024), 1024*1024)
	for scanner.Scan() {
		var m message
		if err := json.Unmarshal(scanner.Bytes(), &m); err != nil {
			fmt.Fprintf(os.Stderr, "bad input: %v\n", err)
			continue
		}
		var b body
		if err := json.Unmarshal(m.Body, &b); err != nil {
			fmt.Fprintf(os.Stderr, "bad body: %v\n", err)
			continue
		}
		n.handle(m.Src, b)
	}
}

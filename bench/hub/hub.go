// A small broadcast hub with gorilla/websocket, speaking the tutorial's text dialect: the peer that bench/delivery.sh
// measures our server against. It is what a careful Go programmer would write, not the tutorial's server: one list
// per ?list= name behind a mutex, the listing rendered once per change and framed once (websocket.PreparedMessage),
// and one writer goroutine per connection fed by a bounded channel, as in gorilla's chat example; a client that
// cannot keep up is dropped, not waited for.
package main

import (
	"flag"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

const (
	sendBuffer   = 1024
	writeTimeout = 10 * time.Second
)

type client struct {
	conn *websocket.Conn
	send chan *websocket.PreparedMessage
}

type list struct {
	mu      sync.Mutex
	todos   []string
	clients map[*client]struct{}
}

var (
	upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	listsMu  sync.Mutex
	lists    = map[string]*list{}
)

func listNamed(name string) *list {
	listsMu.Lock()
	defer listsMu.Unlock()
	l, ok := lists[name]
	if !ok {
		l = &list{clients: map[*client]struct{}{}}
		lists[name] = l
	}
	return l
}

// apply runs one command and tells every client of the list; the listing is the tutorial's, byte for byte.
func (l *list) apply(input string) {
	cmd, task, _ := strings.Cut(strings.TrimSpace(input), " ")
	task = strings.TrimSpace(task)
	l.mu.Lock()
	defer l.mu.Unlock()
	switch cmd {
	case "add":
		l.todos = append(l.todos, task)
	case "done":
		for i, t := range l.todos {
			if t == task {
				l.todos = append(l.todos[:i], l.todos[i+1:]...)
				break
			}
		}
	}
	var out strings.Builder
	out.Grow(64 + 32*len(l.todos))
	out.WriteString("Current Todos: \n")
	for _, t := range l.todos {
		out.WriteString("\n - ")
		out.WriteString(t)
		out.WriteString("\n")
	}
	out.WriteString("\n----------------------------------------")
	msg, err := websocket.NewPreparedMessage(websocket.TextMessage, []byte(out.String()))
	if err != nil {
		log.Print("prepare failed: ", err)
		return
	}
	for c := range l.clients {
		select {
		case c.send <- msg:
		default: // too slow: dropped
			delete(l.clients, c)
			close(c.send)
		}
	}
}

func (l *list) join(c *client) {
	l.mu.Lock()
	l.clients[c] = struct{}{}
	l.mu.Unlock()
}

func (l *list) leave(c *client) {
	l.mu.Lock()
	if _, ok := l.clients[c]; ok {
		delete(l.clients, c)
		close(c.send)
	}
	l.mu.Unlock()
}

func writePump(c *client) {
	defer c.conn.Close()
	for msg := range c.send {
		c.conn.SetWriteDeadline(time.Now().Add(writeTimeout))
		if err := c.conn.WritePreparedMessage(msg); err != nil {
			return
		}
	}
	c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "too slow"),
		time.Now().Add(time.Second))
}

func serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	name := r.URL.Query().Get("list")
	l := listNamed(name)
	c := &client{conn: conn, send: make(chan *websocket.PreparedMessage, sendBuffer)}
	l.join(c)
	go writePump(c)
	defer l.leave(c)
	for {
		_, message, err := conn.ReadMessage()
		if err != nil {
			return
		}
		l.apply(string(message))
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8190", "address to listen on")
	flag.Parse()
	http.HandleFunc("/todo", serve)
	log.Fatal(http.ListenAndServe(*addr, nil))
}

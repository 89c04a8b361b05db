/**
 * The in-container half of the egress gateway, run as `perl -e FORWARDER_SCRIPT <port>` by an
 * engine exec (no file is written into the container). Frames are described in the script.
 */
export const PROXY_PORT = 13128;

export const FORWARDER_SCRIPT = String.raw`# The in-container half of the egress gateway: listens on 127.0.0.1:<port> and carries every
# accepted connection, as frames over this process's stdin/stdout, to the app, which decides
# and dials. Perl-base only (Essential in every Debian/Ubuntu image). It holds no policy: a
# connection goes nowhere unless the app answers it. Exits when the app's side ends.
#
# Frame: type u8, channel u32, length u32 (big endian), payload.
#  to app:   0 READY "<port>" | 9 FAILED "<why>" | 1 OPEN "<peer port>" | 2 DATA | 3 EOF
#            | 4 CLOSE | 6 ACK u32 (bytes written to the client) | 8 WHO_IS "<pid> <comm>"
#  from app: 2 DATA | 3 EOF | 4 CLOSE | 6 ACK u32 (bytes the app passed on) | 7 WHO
use strict;
use warnings;
use IO::Socket::INET;
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);
use POSIX ();

$SIG{PIPE} = 'IGNORE';
my $port   = $ARGV[0] || 13128;
my $WINDOW = 1048576;
my $out    = '';

sub frame { my ($t, $c, $p) = @_; $p = '' unless defined $p; $out .= pack('CNN', $t, $c, length $p) . $p; }
sub nonblock { my $fh = shift; my $f = fcntl($fh, F_GETFL, 0); fcntl($fh, F_SETFL, $f | O_NONBLOCK); }
sub drain_blocking { while (length $out) { my $w = syswrite(STDOUT, $out); last unless defined $w; substr($out, 0, $w, ''); } }

binmode STDIN;
binmode STDOUT;
my $srv = IO::Socket::INET->new(
  LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 128, ReuseAddr => 1, Proto => 'tcp');
if (!$srv) { frame(9, 0, "cannot listen on 127.0.0.1:$port: $!"); drain_blocking(); exit 3; }
frame(0, 0, "$port");
nonblock(\*STDIN);
nonblock(\*STDOUT);
nonblock($srv);

my (%sock, %wbuf, %unacked, %rdeof, %wshut, %closing);
my $next  = 1;
my $inbuf = '';

sub drop {
  my $c = shift;
  close($sock{$c}) if $sock{$c};
  delete $sock{$c}; delete $wbuf{$c}; delete $unacked{$c}; delete $rdeof{$c}; delete $wshut{$c}; delete $closing{$c};
}

# Who holds the client end of a connection: its local port -> socket inode -> process.
sub who {
  my $peer = shift;
  my $hex = sprintf('%04X', $peer);
  my $inode;
  for my $f ('/proc/net/tcp', '/proc/net/tcp6') {
    open(my $fh, '<', $f) or next;
    while (my $l = <$fh>) {
      my @x = split ' ', $l;
      next unless defined $x[1] && $x[1] =~ /:$hex$/;
      $inode = $x[9]; last;
    }
    close $fh;
    last if $inode;
  }
  return '' unless $inode;
  opendir(my $d, '/proc') or return '';
  for my $pid (grep { /^\d+$/ } readdir $d) {
    opendir(my $fd, "/proc/$pid/fd") or next;
    for my $n (readdir $fd) {
      my $t = readlink("/proc/$pid/fd/$n");
      next unless defined $t && $t eq "socket:[$inode]";
      open(my $c, '<', "/proc/$pid/comm") or return "$pid";
      my $comm = <$c>; chomp $comm if defined $comm;
      return "$pid " . (defined $comm ? $comm : '');
    }
  }
  return '';
}

sub parse {
  while (length($inbuf) >= 9) {
    my ($t, $c, $len) = unpack('CNN', $inbuf);
    last if length($inbuf) < 9 + $len;
    my $p = substr($inbuf, 9, $len);
    substr($inbuf, 0, 9 + $len, '');
    if ($t == 2) { $wbuf{$c} .= $p if $sock{$c}; }
    elsif ($t == 3) { $wshut{$c} = 1 if $sock{$c}; }
    elsif ($t == 4) { $closing{$c} = 1 if $sock{$c}; }
    elsif ($t == 6) { $unacked{$c} -= unpack('N', $p) if $sock{$c}; }
    elsif ($t == 7) { frame(8, $c, who($p)); }
  }
}

while (1) {
  my ($rin, $win) = ('', '');
  vec($rin, fileno(STDIN), 1) = 1;
  vec($rin, fileno($srv), 1)  = 1;
  for my $c (keys %sock) {
    my $fn = fileno($sock{$c});
    # Read a client only while the app has room for it (per channel) and output is not piling up.
    vec($rin, $fn, 1) = 1 if !$rdeof{$c} && $unacked{$c} < $WINDOW && length($out) < 4194304;
    vec($win, $fn, 1) = 1 if length $wbuf{$c};
  }
  vec($win, fileno(STDOUT), 1) = 1 if length $out;
  my ($rout, $wout) = ($rin, $win);
  my $n = select($rout, $wout, undef, undef);
  if ($n < 0) { next if $!{EINTR}; exit 4; }

  if (vec($rout, fileno(STDIN), 1)) {
    my $r = sysread(STDIN, $inbuf, 1048576, length $inbuf);
    exit 0 if defined $r && $r == 0;
    exit 0 if !defined $r && !$!{EAGAIN} && !$!{EINTR};
    parse();
  }
  if (vec($rout, fileno($srv), 1)) {
    while (my $s = $srv->accept) {
      nonblock($s);
      my $c = $next++;
      $sock{$c} = $s; $wbuf{$c} = ''; $unacked{$c} = 0;
      frame(1, $c, $s->peerport);
    }
  }
  for my $c (keys %sock) {
    my $s = $sock{$c} or next;
    my $fn = fileno($s);
    if (vec($rout, $fn, 1)) {
      my $buf;
      my $r = sysread($s, $buf, 262144);
      if (defined $r && $r > 0) { frame(2, $c, $buf); $unacked{$c} += $r; }
      elsif (defined $r) { $rdeof{$c} = 1; frame(3, $c); }
      elsif (!$!{EAGAIN} && !$!{EINTR}) { frame(4, $c); drop($c); next; }
    }
    if (length $wbuf{$c} && vec($wout, $fn, 1)) {
      my $w = syswrite($s, $wbuf{$c});
      if (defined $w) { substr($wbuf{$c}, 0, $w, ''); frame(6, $c, pack('N', $w)); }
      elsif (!$!{EAGAIN} && !$!{EINTR}) { frame(4, $c); drop($c); next; }
    }
    next if length $wbuf{$c};
    if ($closing{$c}) { drop($c); next; }
    if ($wshut{$c} && $wshut{$c} == 1) { shutdown($s, 1); $wshut{$c} = 2; }
    if ($rdeof{$c} && $wshut{$c}) { frame(4, $c); drop($c); }
  }
  if (length $out && vec($wout, fileno(STDOUT), 1)) {
    my $w = syswrite(STDOUT, $out);
    if (defined $w) { substr($out, 0, $w, ''); }
    elsif (!$!{EAGAIN} && !$!{EINTR}) { exit 0; }
  }
}
`;

/** Frame types of the forwarder's protocol. */
export const FRAME = {
  READY: 0,
  OPEN: 1,
  DATA: 2,
  EOF: 3,
  CLOSE: 4,
  ACK: 6,
  WHO: 7,
  WHO_IS: 8,
  FAILED: 9,
} as const;

/** Bytes either side may send on one channel before the other acknowledges them. */
export const WINDOW = 1048576;

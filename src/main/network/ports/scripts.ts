/**
 * Perl run in the session container by engine execs (perl-base only, like the gateway's
 * forwarder). LISTEN_SCRIPT prints one line per listening TCP socket: "<port> <pid> <comm>";
 * CONNECT_SCRIPT connects to 127.0.0.1:<port> (else ::1, else the IPv4 address the port's listener
 * is bound to) and pipes it to stdin/stdout.
 */
export const LISTEN_SCRIPT = String.raw`
use strict; use warnings;
my %port_of;
for my $f ('/proc/net/tcp', '/proc/net/tcp6') {
  open(my $fh, '<', $f) or next;
  <$fh>;
  while (my $l = <$fh>) {
    my @x = split ' ', $l;
    next unless defined $x[3] && $x[3] eq '0A';
    my ($port) = $x[1] =~ /:([0-9A-F]{4})$/ or next;
    $port_of{$x[9]} = hex $port;
  }
  close $fh;
}
my %owner;
if (opendir(my $d, '/proc')) {
  for my $pid (grep { /^\d+$/ } readdir $d) {
    opendir(my $fd, "/proc/$pid/fd") or next;
    for my $n (readdir $fd) {
      my $t = readlink("/proc/$pid/fd/$n");
      next unless defined $t && $t =~ /^socket:\[(\d+)\]$/ && exists $port_of{$1};
      next if exists $owner{$1};
      my $comm = '';
      if (open(my $c, '<', "/proc/$pid/comm")) { $comm = <$c>; $comm = '' unless defined $comm; chomp $comm; }
      $owner{$1} = "$pid $comm";
    }
  }
}
my %seen;
for my $inode (sort { $port_of{$a} <=> $port_of{$b} } keys %port_of) {
  my $p = $port_of{$inode};
  next if $seen{$p}++;
  print "$p " . (exists $owner{$inode} ? $owner{$inode} : '- ') . "\n";
}
`;

export const CONNECT_SCRIPT = String.raw`
use strict; use warnings; use IO::Socket::INET;
use Socket qw(AF_INET6 SOCK_STREAM pack_sockaddr_in6 inet_pton inet_ntoa);
my $port = $ARGV[0];
my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Proto => 'tcp');
# A server bound to ::1 only; containers often have no IPv6 at all, then 127.0.0.1 was it.
if (!$s) {
  my $six = socket($s, AF_INET6, SOCK_STREAM, 0)
    && connect($s, pack_sockaddr_in6($port, inet_pton(AF_INET6, '::1')));
  $s = undef unless $six;
}
# A server bound to one of the container's own addresses only (sessions on a real network).
if (!$s && open(my $fh, '<', '/proc/net/tcp')) {
  while (my $l = <$fh>) {
    my @x = split ' ', $l;
    next unless defined $x[3] && $x[3] eq '0A' && $x[1] =~ /^([0-9A-F]{8}):([0-9A-F]{4})$/;
    next unless hex($2) == $port && $1 ne '00000000';
    my $ip = inet_ntoa(pack('V', hex $1));
    $s = IO::Socket::INET->new(PeerAddr => $ip, PeerPort => $port, Proto => 'tcp') and last;
  }
}
die "nothing listens on port $port in the container\n" unless $s;
binmode STDIN; binmode STDOUT; binmode $s;
$SIG{PIPE} = 'IGNORE';
my $rin = '';
vec($rin, fileno(STDIN), 1) = 1;
vec($rin, fileno($s), 1) = 1;
my ($in_open, $sock_open) = (1, 1);
while ($in_open || $sock_open) {
  my $r = '';
  vec($r, fileno(STDIN), 1) = 1 if $in_open;
  vec($r, fileno($s), 1) = 1 if $sock_open;
  select(my $ready = $r, undef, undef, undef) > 0 or next;
  if ($in_open && vec($ready, fileno(STDIN), 1)) {
    my $n = sysread(STDIN, my $buf, 262144);
    if (!$n) { $in_open = 0; shutdown($s, 1); }
    else { my $o = 0; while ($o < $n) { my $w = syswrite($s, $buf, $n - $o, $o); last unless defined $w; $o += $w; } }
  }
  if ($sock_open && vec($ready, fileno($s), 1)) {
    my $n = sysread($s, my $buf, 262144);
    if (!$n) { $sock_open = 0; close STDOUT; last; }
    my $o = 0; while ($o < $n) { my $w = syswrite(STDOUT, $buf, $n - $o, $o); exit 0 unless defined $w; $o += $w; }
  }
}
`;

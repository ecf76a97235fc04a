using System.Net;
using System.Net.Sockets;

namespace ZoneMap.Cli;

/// <summary>Free TCP ports on the loopback interface.</summary>
public static class Ports
{
    public static bool IsFree(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            return true;
        }
        catch (SocketException) { return false; }
    }

    /// <summary>The first port from <paramref name="from"/> where <paramref name="count"/> consecutive ports are free.</summary>
    public static int FirstFreeRun(int from, int count)
    {
        for (var p = from; p < from + 1000; p++)
            if (Enumerable.Range(p, count).All(IsFree)) return p;
        throw new InvalidOperationException($"no {count} consecutive free ports from {from}");
    }
}

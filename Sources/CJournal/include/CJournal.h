#ifndef TANDEM_CJOURNAL_H
#define TANDEM_CJOURNAL_H

/// Switches an open file to direct I/O (`O_DIRECT`: writes go to the device without a copy into the page
/// cache). Returns 0, or the errno of the failure (`EINVAL` where the file system does not support it).
/// `O_DIRECT` needs `_GNU_SOURCE`, which Swift's Glibc module does not define.
int tandem_enable_direct_io(int descriptor);

#endif

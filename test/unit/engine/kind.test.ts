import { describe, expect, it } from 'vitest';
import { engineKindFromVersion, engineVersion } from '../../../src/main/engine/kind';

// Trimmed /version answers of the engines on this project's machines.
const docker20 = {
  Platform: { Name: '' },
  Components: [
    { Name: 'Engine', Version: '20.10.24+dfsg1' },
    { Name: 'containerd', Version: '1.6.20~ds1' },
    { Name: 'runc', Version: '1.1.5+ds1' },
  ],
  Version: '20.10.24+dfsg1',
  ApiVersion: '1.41',
};
const dockerDesktop = {
  Platform: { Name: 'Docker Desktop 4.30.0 (149282)' },
  Components: [{ Name: 'Engine', Version: '26.1.1' }],
  Version: '26.1.1',
};
const podman43 = {
  Platform: { Name: 'linux/amd64/debian-12' },
  Components: [
    { Name: 'Podman Engine', Version: '4.3.1' },
    { Name: 'Conmon', Version: 'conmon version 2.1.6' },
  ],
  Version: '4.3.1',
  ApiVersion: '1.41',
};

describe('engine kind from the version answer', () => {
  it('Docker Engine and Docker Desktop are docker', () => {
    expect(engineKindFromVersion(docker20)).toBe('docker');
    expect(engineKindFromVersion(dockerDesktop)).toBe('docker');
    expect(engineVersion(docker20)).toBe('20.10.24+dfsg1');
  });
  it('a "Podman Engine" component means podman, whatever the API version claims', () => {
    expect(engineKindFromVersion(podman43)).toBe('podman');
    expect(engineVersion({ ...podman43, Version: '1.41' })).toBe('4.3.1');
  });
  it('an old Podman without components is told by its platform name', () => {
    expect(engineKindFromVersion({ Platform: { Name: 'Podman Engine' }, Version: '3.0.1' })).toBe(
      'podman',
    );
  });
});

import { fixture, summary } from './__fixtures__/fixtures';
import { parseLockfile } from './parseLockfile';

describe('gradle.lockfile', () => {
  it('names modules group:artifact, dev when only test configurations lock them', () => {
    const result = parseLockfile(
      'gradle.lockfile',
      fixture('gradle/gradle.lockfile'),
    );
    expect(result.error).toBeUndefined();
    expect(result.ecosystem).toBe('Maven');
    expect(summary(result)).toEqual([
      ['ch.qos.logback:logback-classic', '1.4.14', false],
      ['com.fasterxml.jackson.core:jackson-databind', '2.15.4', false],
      ['com.jayway.jsonpath:json-path', '2.9.0', true],
      ['com.vaadin.external.google:android-json', '0.0.20131108.vaadin1', true],
      ['net.minidev:json-smart', '2.5.1', true],
      ['org.apache.logging.log4j:log4j-api', '2.21.1', false],
      ['org.apache.tomcat.embed:tomcat-embed-core', '10.1.20', false],
      ['org.junit.jupiter:junit-jupiter-engine', '5.10.2', true],
      ['org.projectlombok:lombok', '1.18.32', false],
      ['org.springframework.boot:spring-boot-devtools', '3.2.5', true],
      ['org.springframework:spring-web', '6.1.6', false],
      ['org.yaml:snakeyaml', '2.2', false],
    ]);
  });

  it('reads the buildscript lock, and refuses a line of another shape', () => {
    expect(
      summary(
        parseLockfile(
          'buildscript-gradle.lockfile',
          'com.google.guava:guava:33.0.0-jre=classpath\n',
        ),
      ),
    ).toEqual([['com.google.guava:guava', '33.0.0-jre', false]]);
    expect(
      parseLockfile('gradle.lockfile', '# x\norg.yaml:snakeyaml 2.2\n').error,
    ).toBe('could not read gradle.lockfile: invalid lock entry at line 2');
    expect(
      parseLockfile('gradle.lockfile', 'org.yaml:snakeyaml:=compileClasspath\n')
        .unpinned,
    ).toEqual([{ file: 'gradle.lockfile', name: 'org.yaml:snakeyaml' }]);
  });
});

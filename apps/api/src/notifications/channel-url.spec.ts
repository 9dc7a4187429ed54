import { maskWebhookUrl, parseAllowedHosts, webhookUrlProblem } from './channel-url';

describe('webhook channel URLs', () => {
  const dev = { production: false, allowedHosts: [] };
  const prod = { production: true, allowedHosts: [] };

  it('accepts the robots’ own https URLs in production', () => {
    expect(
      webhookUrlProblem('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', prod),
    ).toBeNull();
    expect(
      webhookUrlProblem('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc', prod),
    ).toBeNull();
  });

  it('refuses http in production but allows it elsewhere', () => {
    expect(webhookUrlProblem('wecom', 'http://qyapi.weixin.qq.com/x', prod)?.rule).toBe('https');
    expect(webhookUrlProblem('wecom', 'http://127.0.0.1:8080/hook', dev)).toBeNull();
    expect(webhookUrlProblem('wecom', 'ftp://example.com/x', dev)?.rule).toBe('https');
  });

  it('refuses another host in production unless it is configured', () => {
    expect(webhookUrlProblem('wecom', 'https://oapi.dingtalk.com/robot/send', prod)?.rule).toBe('robotHost');
    expect(webhookUrlProblem('dingtalk', 'https://hooks.example.com/x', prod)?.rule).toBe('robotHost');
    const configured = { production: true, allowedHosts: parseAllowedHosts(' Hooks.Example.com ,,') };
    expect(webhookUrlProblem('dingtalk', 'https://hooks.example.com/x', configured)).toBeNull();
    expect(webhookUrlProblem('dingtalk', 'https://oapi.dingtalk.com/robot/send', configured)?.rule).toBe(
      'robotHost',
    );
  });

  it('refuses what is not a URL or carries credentials', () => {
    expect(webhookUrlProblem('wecom', 'not a url', dev)?.rule).toBe('isUrl');
    expect(webhookUrlProblem('wecom', 'https://u:p@qyapi.weixin.qq.com/x', dev)?.rule).toBe('noCredentials');
  });

  it('masks keys in the query and long path tokens', () => {
    expect(
      maskWebhookUrl(
        'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
      ),
    ).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****5aaa');
    expect(maskWebhookUrl('https://hooks.example.com/open-apis/bot/v2/hook/0123456789abcdef0123')).toBe(
      'https://hooks.example.com/open-apis/bot/v2/hook/****0123',
    );
    expect(maskWebhookUrl('http://127.0.0.1:9000/hook?k=short')).toBe('http://127.0.0.1:9000/hook?k=****');
  });
});
